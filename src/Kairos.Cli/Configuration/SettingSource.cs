namespace Kairos.Cli.Configuration;

/// <summary>The origin of one setting: the default, a file (its path), an environment variable or a flag (their names).</summary>
internal sealed record SettingSource(SettingSourceKind Kind, string? Name = null)
{
    public static SettingSource Default { get; } = new(SettingSourceKind.Default);

    /// <summary><c>default</c>, <c>file:PATH</c>, <c>env:NAME</c> or <c>flag:--x</c>.</summary>
    public override string ToString() => Kind switch
    {
        SettingSourceKind.File => $"file:{Name}",
        SettingSourceKind.Environment => $"env:{Name}",
        SettingSourceKind.Flag => $"flag:{Name}",
        _ => "default",
    };
}
