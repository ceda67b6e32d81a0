namespace Kairos.Brokers.Alpaca.Fakes;

/// <summary>A request as the fake server received it. <see cref="Query"/> includes the leading '?' when present.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);
