using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Kairos.Kronos.Hub;

/// <summary>A Hugging Face model repository id such as <c>NeoQuasar/Kronos-small</c> (or a legacy one without owner, <c>gpt2</c>).</summary>
public readonly partial record struct HubRepoId
{
    private HubRepoId(string? owner, string name)
    {
        Owner = owner;
        Name = name;
    }

    /// <summary>The user or organisation, or null for a legacy id without one.</summary>
    public string? Owner { get; }

    public string Name { get; }

    /// <summary>The repository's folder in the hub cache: <c>models--owner--name</c>.</summary>
    public string CacheFolderName => Owner is null ? $"models--{Name}" : $"models--{Owner}--{Name}";

    public static HubRepoId Parse(string text) =>
        TryParse(text, out var id)
            ? id
            : throw new FormatException($"'{text}' is not a Hugging Face repository id (expected owner/name, e.g. NeoQuasar/Kronos-small).");

    /// <summary>The hub's own rule: <c>[owner/]name</c> of letters, digits, '-', '_' and '.', no "--" or "..", at most 96 per part.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out HubRepoId id)
    {
        id = default;
        if (text is null || !RepoIdPattern().IsMatch(text) || text.Contains("--", StringComparison.Ordinal)
            || text.Contains("..", StringComparison.Ordinal) || text.EndsWith(".git", StringComparison.Ordinal))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        id = slash < 0 ? new HubRepoId(null, text) : new HubRepoId(text[..slash], text[(slash + 1)..]);
        return true;
    }

    public override string ToString() => Owner is null ? Name : $"{Owner}/{Name}";

    [GeneratedRegex(@"^([A-Za-z0-9_.\-]{1,96}/)?[A-Za-z0-9_.\-]{1,96}$", RegexOptions.CultureInvariant)]
    private static partial Regex RepoIdPattern();
}
