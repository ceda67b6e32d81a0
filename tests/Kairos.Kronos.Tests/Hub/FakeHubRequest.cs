namespace Kairos.Kronos.Tests.Hub;

/// <summary>A request as <see cref="FakeHubServer"/> received it.</summary>
internal sealed record FakeHubRequest(string Method, string Path, string? Range, string? Authorization);
