namespace Kairos.Cli.Configuration;

/// <summary>A variable of the environment that was accepted but not applied, with its value and the reason.</summary>
internal sealed record IgnoredVariable(string Variable, string Value, string Reason);
