namespace Enrichment.Core.Alertmanager;

/// <summary>What is wrong with a payload: the JSON path of the field and why.</summary>
public sealed record PayloadError(string Field, string Detail);
