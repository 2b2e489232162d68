using Enrichment.Contracts;

namespace Enrichment.Core.Alerts;

/// <summary>
/// An alert read through its signature (<see cref="AlertSignature.Read"/>).
/// </summary>
/// <param name="Signature">32 hex digits; alerts with equal signatures have equal <paramref name="View"/>s.</param>
/// <param name="View">
/// What a classifier may see: labels, annotations and the rule's expression, with the signature's
/// volatile parts as <see cref="Placeholders"/>. Start and end times are left out, and the fingerprint
/// is the signature: nothing in a view tells one alert of its signature from another.
/// </param>
/// <param name="Values">This alert's value of every mark in its view (<c>labels.instance</c> → <c>web-101:9100</c>, <c>num1</c> → <c>91</c>).</param>
public sealed record SignedAlert(string Signature, AlertData View, IReadOnlyDictionary<string, string> Values);
