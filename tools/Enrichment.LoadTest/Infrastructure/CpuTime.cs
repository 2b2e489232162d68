namespace Enrichment.LoadTest.Infrastructure;

/// <summary>
/// CPU seconds (user + system) a process has used, from <c>/proc/&lt;pid&gt;/stat</c>. Compared across a
/// phase it says which process the 2 cores went to: the service, RabbitMQ, Redis or the sender.
/// </summary>
public static class CpuTime
{
    private const double TicksPerSecond = 100.0;

    public static double? Seconds(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The first process whose command name is <paramref name="name"/> (e.g. <c>beam.smp</c>), read only.</summary>
    public static int? FindByName(string name)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == name)
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                    // Gone meanwhile.
                }
                catch (UnauthorizedAccessException)
                {
                    // Not ours to read.
                }
            }
        }
        return null;
    }
}

/// <summary>CPU seconds of named processes over one phase.</summary>
public sealed class CpuMeter
{
    private readonly (string Name, int Pid, double Start)[] _processes;

    public CpuMeter(IEnumerable<(string Name, int? Pid)> processes)
    {
        _processes = processes.Where(p => p.Pid is not null).Select(p => (p.Name, p.Pid!.Value, CpuTime.Seconds(p.Pid!.Value) ?? 0)).ToArray();
    }

    /// <summary>The service's processes, the broker, Redis and this tool.</summary>
    public static CpuMeter ForStack(ServiceStack stack) => new(
        new (string, int?)[] { ("gateway", stack.Gateway.ProcessId) }
            .Concat(stack.Workers.Select((w, i) => ($"worker{i + 1}", (int?)w.ProcessId)))
            .Concat([("notifier", stack.Notifier?.ProcessId), ("rabbitmq", CpuTime.FindByName("beam.smp")), ("redis", CpuTime.FindByName("redis-server")),
                ("loadtool", Environment.ProcessId)]));

    /// <summary><c>name 1.23 s</c> per process since construction.</summary>
    public string Describe() => string.Join(", ", _processes.Select(p => $"{p.Name} {(CpuTime.Seconds(p.Pid) ?? 0) - p.Start:0.00} s"));
}
