using System.Text;
using Kairos.Core;

namespace Kairos.Trading.Monitoring;

/// <summary>
/// Appends timestamped lines to a log file through a <see cref="BatchedWriter{T}"/> (one file open and one flush per
/// batch, not per line); verbose lines go to one file per US/Eastern day, and only when verbose logging is enabled.
/// </summary>
/// <remarks>
/// Line shape: <c>2025-01-02T14:30:00.123Z message</c> — the UTC instant the line was written (from the
/// <see cref="TimeProvider"/>), one space, the message with CR and LF escaped as <c>\r</c>/<c>\n</c> so that every entry
/// stays exactly one line. Verbose files are named <see cref="VerboseFileName"/> of the Eastern date of the line, the
/// same day boundary as the reports. Back-pressure, ordering and the clean-stop guarantee are those of
/// <see cref="BatchedWriter{T}"/>.
/// </remarks>
public sealed class BatchedLogWriter : IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _logPath;
    private readonly string? _verboseDirectory;
    private readonly TimeProvider _time;
    private readonly BatchedWriter<LogLine> _writer;

    public BatchedLogWriter(BatchedLogOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.LogPath);
        _logPath = Path.GetFullPath(options.LogPath);
        _verboseDirectory = options.VerboseDirectory is null ? null : Path.GetFullPath(options.VerboseDirectory);
        _time = time;
        Directory.CreateDirectory(Path.GetDirectoryName(_logPath)!);
        if (_verboseDirectory is not null)
        {
            Directory.CreateDirectory(_verboseDirectory);
        }

        _writer = new BatchedWriter<LogLine>(AppendAsync, options.Writer, time);
    }

    public bool VerboseEnabled => _verboseDirectory is not null;

    /// <summary>Lines accepted so far (main and verbose).</summary>
    public long Written => _writer.Written;

    /// <summary>Lines written to their files so far.</summary>
    public long Flushed => _writer.Flushed;

    public static string VerboseFileName(DateOnly day) => $"verbose-{day:yyyy-MM-dd}.log";

    public ValueTask WriteLineAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _writer.WriteAsync(new LogLine(_time.GetUtcNow(), message, Verbose: false), cancellationToken);
    }

    /// <summary>Queues a verbose line; does nothing (and allocates nothing) when verbose logging is off.</summary>
    public ValueTask WriteVerboseAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return VerboseEnabled
            ? _writer.WriteAsync(new LogLine(_time.GetUtcNow(), message, Verbose: true), cancellationToken)
            : ValueTask.CompletedTask;
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);

    public Task CompleteAsync(CancellationToken cancellationToken = default) => _writer.CompleteAsync(cancellationToken);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>The text of one line as written, without its line feed.</summary>
    public static string Format(DateTimeOffset at, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return $"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {text}";
    }

    private async Task AppendAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken)
    {
        // Lines keep their order within each file; a batch that spans midnight Eastern splits across two verbose files.
        foreach (var file in lines.GroupBy(PathOf, StringComparer.Ordinal))
        {
            var text = new StringBuilder();
            foreach (var line in file)
            {
                text.Append(Format(line.At, line.Message)).Append('\n');
            }

            var stream = new FileStream(file.Key, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 4096, useAsync: true);
            await using (stream)
            {
                await stream.WriteAsync(Utf8.GetBytes(text.ToString()), cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
        }
    }

    private string PathOf(LogLine line) =>
        line.Verbose ? Path.Combine(_verboseDirectory!, VerboseFileName(UsEastern.DateOf(line.At))) : _logPath;

    private readonly record struct LogLine(DateTimeOffset At, string Message, bool Verbose);
}
