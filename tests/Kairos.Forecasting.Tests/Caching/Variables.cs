using Kairos.Kronos.Hub;

namespace Kairos.Forecasting.Tests.Caching;

/// <summary>Environment variables from a dictionary.</summary>
internal sealed class Variables(params (string Name, string Value)[] values) : IEnvironmentVariables
{
    private readonly Dictionary<string, string> _values = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    public string? HomeDirectory => null;

    public string? Get(string name) => _values.GetValueOrDefault(name);
}
