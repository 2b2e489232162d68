namespace Enrichment.Core.Alertmanager;

/// <summary>One refused alert of a request: its position in the request and what is wrong with it.</summary>
public sealed record RefusedAlert(int Index, PayloadError Error);
