namespace Kairos.Cli.Configuration;

/// <summary>Where an effective setting came from, in increasing precedence.</summary>
internal enum SettingSourceKind
{
    Default,
    File,
    Environment,
    Flag,
}
