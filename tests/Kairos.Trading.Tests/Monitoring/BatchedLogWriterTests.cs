using Kairos.Trading.Monitoring;

namespace Kairos.Trading.Tests.Monitoring;

public sealed class BatchedLogWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-log-").FullName;

    // 2025-03-10 03:30 UTC is 2025-03-09 23:30 EDT (daylight time began that morning): still the 9th in New York.
    private readonly ManualTimers _time = new(new DateTimeOffset(2025, 3, 10, 3, 30, 0, 250, TimeSpan.Zero));

    private string LogPath => Path.Combine(_dir, "logs", "kairos.log");

    private string VerboseDir => Path.Combine(_dir, "verbose");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Appends_timestamped_lines_in_order_one_entry_per_line()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        await File.WriteAllTextAsync(LogPath, "earlier run\n");

        await using (var log = new BatchedLogWriter(new BatchedLogOptions { LogPath = LogPath }, _time))
        {
            await log.WriteLineAsync("cycle started");
            _time.Advance(TimeSpan.FromSeconds(1.5));
            await log.WriteLineAsync("two\nlines\r");
        }

        Assert.Equal(
            "earlier run\n"
            + "2025-03-10T03:30:00.250Z cycle started\n"
            + "2025-03-10T03:30:01.750Z two\\nlines\\r\n",
            await File.ReadAllTextAsync(LogPath));
    }

    [Fact]
    public async Task Verbose_lines_are_dropped_when_verbose_logging_is_off()
    {
        await using (var log = new BatchedLogWriter(new BatchedLogOptions { LogPath = LogPath }, _time))
        {
            Assert.False(log.VerboseEnabled);
            await log.WriteVerboseAsync("detail");
            await log.WriteLineAsync("summary");
            Assert.Equal(1, log.Written);
        }

        Assert.Equal("2025-03-10T03:30:00.250Z summary\n", await File.ReadAllTextAsync(LogPath));
        Assert.Equal([LogPath], Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Verbose_lines_go_to_one_file_per_eastern_day_and_not_to_the_main_log()
    {
        await using (var log = new BatchedLogWriter(new BatchedLogOptions { LogPath = LogPath, VerboseDirectory = VerboseDir }, _time))
        {
            Assert.True(log.VerboseEnabled);
            await log.WriteVerboseAsync("late on the 9th");
            await log.WriteLineAsync("summary");
            // 04:30 UTC = 00:30 EDT on the 10th.
            _time.Advance(TimeSpan.FromHours(1));
            await log.WriteVerboseAsync("early on the 10th");
        }

        Assert.Equal("2025-03-10T03:30:00.250Z summary\n", await File.ReadAllTextAsync(LogPath));
        Assert.Equal(
            "2025-03-10T03:30:00.250Z late on the 9th\n",
            await File.ReadAllTextAsync(Path.Combine(VerboseDir, "verbose-2025-03-09.log")));
        Assert.Equal(
            "2025-03-10T04:30:00.250Z early on the 10th\n",
            await File.ReadAllTextAsync(Path.Combine(VerboseDir, "verbose-2025-03-10.log")));
    }

    [Fact]
    public async Task Every_line_written_before_dispose_is_on_disk_after_it()
    {
        var options = new BatchedLogOptions
        {
            LogPath = LogPath,
            Writer = new BatchedWriterOptions { Capacity = 32, BatchSize = 50, FlushInterval = TimeSpan.FromHours(1) },
        };
        await using (var log = new BatchedLogWriter(options, _time))
        {
            for (var i = 0; i < 1000; i++)
            {
                await log.WriteLineAsync($"line {i}");
            }
        }

        var lines = await File.ReadAllLinesAsync(LogPath);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"2025-03-10T03:30:00.250Z line {i}"), lines);
    }
}
