using System.Text;

namespace Kairos.Trading.Execution;

/// <summary>
/// A file that stops the bot without a restart. File format: the first line is the mode word — <c>flatten</c> (close
/// every position) or <c>stop</c> (no new entries) — and the remaining lines the reason. Any other content, or an empty
/// file (<c>touch</c>), means stop; a file holding only <c>flatten</c> means flatten. The mode word is trimmed and
/// case-insensitive. Writes are atomic (temporary file, then rename) so a reader never sees half a file.
/// </summary>
public static class KillSwitch
{
    private const string FlattenWord = "flatten";
    private const string StopWord = "stop";

    public static async Task<KillSwitchState> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return KillSwitchState.Off;
        }
        catch (DirectoryNotFoundException)
        {
            return KillSwitchState.Off;
        }

        return Parse(text);
    }

    /// <summary>Parses the file's content (exposed for callers that hold the text already).</summary>
    public static KillSwitchState Parse(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var trimmed = content.Trim();
        var newline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var first = (newline < 0 ? trimmed : trimmed[..newline]).Trim();
        var rest = newline < 0 ? string.Empty : trimmed[(newline + 1)..].Trim();
        if (first.Equals(FlattenWord, StringComparison.OrdinalIgnoreCase))
        {
            return new KillSwitchState(KillSwitchMode.Flatten, rest.Length == 0 ? null : rest);
        }

        if (first.Equals(StopWord, StringComparison.OrdinalIgnoreCase))
        {
            return new KillSwitchState(KillSwitchMode.StopEntries, rest.Length == 0 ? null : rest);
        }

        return new KillSwitchState(KillSwitchMode.StopEntries, trimmed.Length == 0 ? null : trimmed);
    }

    /// <summary>Engages the switch; an engaged switch is overwritten (a stop can be upgraded to flatten and back).</summary>
    public static async Task EngageAsync(string path, bool flatten, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(reason);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        var content = $"{(flatten ? FlattenWord : StopWord)}\n{reason.Trim()}\n";
        await File.WriteAllTextAsync(temp, content, new UTF8Encoding(false), cancellationToken);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Releases the switch; releasing one that is not engaged does nothing.</summary>
    public static void Release(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
