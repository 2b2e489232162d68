using System.Reflection;
using Enrichment.Core;

namespace Enrichment.Evaluate.Replay;

/// <summary>
/// The <see cref="IEnrichmentMetrics"/> the replay hands the LLM layer: it keeps model calls, tokens and cost in a
/// <see cref="ModelUsage"/> and drops everything else. A proxy rather than a class implementing the interface,
/// because the interface grows with the service's metrics (a cost metric is being added): a method named
/// <c>…Cost…</c> taking <c>(provider, model, …, amount)</c> is counted as cost without this tool changing.
/// </summary>
public class UsageRecordingMetrics : DispatchProxy
{
    private ModelUsage _usage = new();

    public static IEnrichmentMetrics Create(ModelUsage usage)
    {
        var metrics = Create<IEnrichmentMetrics, UsageRecordingMetrics>();
        ((UsageRecordingMetrics)(object)metrics)._usage = usage;
        return metrics;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is null)
        {
            return null;
        }
        args ??= [];
        switch (targetMethod.Name)
        {
            case nameof(IEnrichmentMetrics.LlmRequest) when args is [string provider, string model, string outcome]:
                _usage.Request(provider, model, outcome);
                break;
            case nameof(IEnrichmentMetrics.LlmTokens) when args is [string provider, string model, string direction, long tokens]:
                _usage.AddTokens(provider, model, direction, tokens);
                break;
            default:
                if (targetMethod.Name.Contains("Cost", StringComparison.Ordinal) && args is [string costProvider, string costModel, ..] && Amount(args[^1]) is { } amount)
                {
                    _usage.AddCost(costProvider, costModel, amount);
                }
                break;
        }
        var returns = targetMethod.ReturnType;
        return returns == typeof(void) || !returns.IsValueType ? null : Activator.CreateInstance(returns);
    }

    private static double? Amount(object? value) => value switch
    {
        double d => d,
        decimal m => (double)m,
        float f => f,
        long l => l,
        int i => i,
        _ => null,
    };
}
