using System.Globalization;

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
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The process listening on TCP <paramref name="port"/> (RabbitMQ's <c>beam.smp</c> on the AMQP port, <c>redis-server</c>):
    /// by port, not by name, because the machine runs a second RabbitMQ node (the fault tests' "faults" node on 5673).
    /// Read only: the socket's inode from <c>/proc/net/tcp*</c>, then the process holding it.
    /// </summary>
    public static int? FindListening(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // local_address is ADDRESS:PORT in hex; state 0A is LISTEN; field 9 is the inode.
                if (fields.Length > 9 && fields[3] == "0A" && int.Parse(fields[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    inodes.Add($"socket:[{fields[9]}]");
                }
            }
        }
        if (inodes.Count == 0)
        {
            return null;
        }
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                foreach (var descriptor in Directory.EnumerateFiles(Path.Combine(directory, "fd")))
                {
                    if (new FileInfo(descriptor).LinkTarget is { } target && inodes.Contains(target))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
        return null;
    }
}

/// <summary>CPU seconds of named processes over one phase.</summary>
public sealed class CpuMeter
{
    /// <summary>What the service costs: its processes and the broker (Redis is listed on its own, and added where said).</summary>
    public static readonly string[] NotService = ["redis", "loadtool"];

    private readonly (string Name, int Pid, double Start)[] _processes;

    public CpuMeter(IEnumerable<(string Name, int? Pid)> processes)
    {
        _processes = processes.Where(p => p.Pid is not null).Select(p => (p.Name, p.Pid!.Value, CpuTime.Seconds(p.Pid!.Value) ?? 0)).ToArray();
    }

    /// <summary>The service's processes, the broker, Redis and this tool (whose sender and sink share the cores).</summary>
    public static CpuMeter ForStack(ServiceStack stack, Infrastructure.BackingServices services) => new(
        new (string, int?)[] { ("gateway", stack.Gateway.ProcessId) }
            .Concat(stack.Workers.Select((w, i) => ($"worker{i + 1}", (int?)w.ProcessId)))
            .Concat([("notifier", stack.Notifier?.ProcessId), ("rabbitmq", services.RabbitMq), ("redis", services.Redis),
                ("loadtool", Environment.ProcessId)]));

    /// <summary>Whether the meter found a process of that name (RabbitMQ or Redis may run elsewhere).</summary>
    public bool Has(string name) => _processes.Any(p => p.Name == name);

    /// <summary>CPU seconds of one process since construction.</summary>
    public double Seconds(string name) => _processes.Where(p => p.Name == name).Sum(p => (CpuTime.Seconds(p.Pid) ?? p.Start) - p.Start);

    /// <summary>CPU seconds of every process but <paramref name="except"/> since construction.</summary>
    public double Total(params string[] except) => _processes.Where(p => !except.Contains(p.Name)).Sum(p => (CpuTime.Seconds(p.Pid) ?? p.Start) - p.Start);

    /// <summary><c>name 1.23 s</c> per process since construction.</summary>
    public string Describe() => string.Join(", ", _processes.Select(p => $"{p.Name} {(CpuTime.Seconds(p.Pid) ?? p.Start) - p.Start:0.00} s"));
}

/// <summary>The processes of the broker and Redis the run uses, found once by their ports.</summary>
public sealed record BackingServices(int? RabbitMq, int? Redis)
{
    public static BackingServices Find(LoadOptions options)
    {
        var redisPort = options.Redis.Split(',')[0].Split(':') is [_, var port, ..] ? int.Parse(port, CultureInfo.InvariantCulture) : 6379;
        var amqpPort = options.RabbitMq.IsDefaultPort || options.RabbitMq.Port < 0 ? 5672 : options.RabbitMq.Port;
        return new BackingServices(CpuTime.FindListening(amqpPort), CpuTime.FindListening(redisPort));
    }

    public string Describe() => $"RabbitMQ pid {(RabbitMq?.ToString(CultureInfo.InvariantCulture) ?? "not found (not counted)")}, Redis pid {(Redis?.ToString(CultureInfo.InvariantCulture) ?? "not found (not counted)")}";
}
