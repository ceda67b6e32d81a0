namespace Kairos.Cli.Configuration;

/// <summary>
/// One supported environment variable: the settings it sets (paths as <c>kairos config show</c> prints them), the values it
/// accepts (for messages and the docs), and how it applies a value. <see cref="Apply"/> throws <see cref="FormatException"/>
/// for an unparsable or out-of-range value.
/// </summary>
internal sealed record EnvironmentBinding(string Variable, IReadOnlyList<string> Settings, string Accepts, Func<TradingConfig, string, TradingConfig> Apply);
