namespace Kairos.Cli.Configuration;

/// <summary>A variable of the Python bot that is accepted but has no meaning here, with the reason <c>config show</c> prints.</summary>
internal sealed record NotApplicableVariable(string Variable, string Reason);
