using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public sealed class KillSwitchTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"kairos-kill-{Guid.NewGuid():N}");

    private string PathOf => Path.Combine(_dir, "KILL");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task No_file_means_off()
    {
        var state = await KillSwitch.ReadAsync(PathOf);
        Assert.Equal(KillSwitchMode.Off, state.Mode);
        Assert.True(state.AllowsEntries);
        Assert.False(state.ShouldFlatten);
    }

    [Fact]
    public async Task Engage_stop_then_flatten_then_release()
    {
        await KillSwitch.EngageAsync(PathOf, flatten: false, "maintenance window");
        var stop = await KillSwitch.ReadAsync(PathOf);
        Assert.Equal(new KillSwitchState(KillSwitchMode.StopEntries, "maintenance window"), stop);
        Assert.False(stop.AllowsEntries);
        Assert.False(stop.ShouldFlatten);

        await KillSwitch.EngageAsync(PathOf, flatten: true, "drawdown");
        var flatten = await KillSwitch.ReadAsync(PathOf);
        Assert.Equal(new KillSwitchState(KillSwitchMode.Flatten, "drawdown"), flatten);
        Assert.True(flatten.ShouldFlatten);
        Assert.Equal(["KILL"], Directory.GetFiles(_dir).Select(Path.GetFileName));

        KillSwitch.Release(PathOf);
        Assert.Equal(KillSwitchMode.Off, (await KillSwitch.ReadAsync(PathOf)).Mode);
        KillSwitch.Release(PathOf);
    }

    [Theory]
    [InlineData("  FLATTEN \n", KillSwitchMode.Flatten, null)]
    [InlineData("flatten", KillSwitchMode.Flatten, null)]
    [InlineData("", KillSwitchMode.StopEntries, null)]
    [InlineData("stop\r\nbad fills\r\n", KillSwitchMode.StopEntries, "bad fills")]
    [InlineData("gone fishing", KillSwitchMode.StopEntries, "gone fishing")]
    [InlineData("flatten everything now", KillSwitchMode.StopEntries, "flatten everything now")]
    public async Task Hand_written_files(string content, KillSwitchMode mode, string? reason)
    {
        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(PathOf, content);
        Assert.Equal(new KillSwitchState(mode, reason), await KillSwitch.ReadAsync(PathOf));
    }
}
