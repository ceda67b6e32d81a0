namespace Kairos.Cli.Configuration;

/// <summary>A command-line flag's value, already parsed and checked, as a change to the configuration and the settings it sets.</summary>
internal sealed record FlagOverride(string Flag, IReadOnlyList<string> Settings, Func<TradingConfig, TradingConfig> Apply);
