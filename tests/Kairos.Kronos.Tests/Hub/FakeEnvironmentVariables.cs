using Kairos.Kronos.Hub;

namespace Kairos.Kronos.Tests.Hub;

/// <summary>An environment made of a dictionary and a fake home folder, so no test reads the real one.</summary>
internal sealed class FakeEnvironmentVariables(string? home, params (string Name, string Value)[] variables) : IEnvironmentVariables
{
    private readonly Dictionary<string, string> _variables = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    public string? HomeDirectory => home;

    public string? Get(string name) => _variables.GetValueOrDefault(name);
}
