using Kairos.Kronos.Hub;

namespace Kairos.Kronos.Tests.Hub;

/// <summary>The cache root, endpoint and token come from the same variables, in the same order, as in the Python hub client.</summary>
public sealed class HubEnvironmentTests
{
    private const string Home = "/home/tester";

    [Fact]
    public void HF_HUB_CACHE_wins_over_HF_HOME()
    {
        var env = HubEnvironment.FromVariables(new FakeEnvironmentVariables(Home, ("HF_HUB_CACHE", "/data/hub-cache"), ("HF_HOME", "/data/hf-home")));
        Assert.Equal("/data/hub-cache", env.CacheRoot);
    }

    [Fact]
    public void HF_HOME_gives_its_hub_subfolder()
    {
        var env = HubEnvironment.FromVariables(new FakeEnvironmentVariables(Home, ("HF_HOME", "/data/hf-home"), ("XDG_CACHE_HOME", "/data/xdg")));
        Assert.Equal("/data/hf-home/hub", env.CacheRoot);
    }

    [Fact]
    public void XDG_CACHE_HOME_comes_before_the_home_folder()
    {
        var env = HubEnvironment.FromVariables(new FakeEnvironmentVariables(Home, ("XDG_CACHE_HOME", "/data/xdg")));
        Assert.Equal("/data/xdg/huggingface/hub", env.CacheRoot);
    }

    [Fact]
    public void Default_is_under_the_home_folder()
    {
        var env = HubEnvironment.FromVariables(new FakeEnvironmentVariables(Home));
        Assert.Equal("/home/tester/.cache/huggingface/hub", env.CacheRoot);
        Assert.Equal(new Uri("https://huggingface.co"), env.Endpoint);
        Assert.Null(env.Token);
    }

    [Fact]
    public void Tilde_expands_to_the_home_folder()
    {
        var env = HubEnvironment.FromVariables(new FakeEnvironmentVariables(Home, ("HF_HOME", "~/hf")));
        Assert.Equal("/home/tester/hf/hub", env.CacheRoot);
    }

    [Fact]
    public void Endpoint_and_token_come_from_HF_ENDPOINT_and_HF_TOKEN_and_the_token_is_never_printed()
    {
        var env = HubEnvironment.FromVariables(new FakeEnvironmentVariables(Home, ("HF_ENDPOINT", "https://hf-mirror.example/"), ("HF_TOKEN", "hf_secret123")));
        Assert.Equal(new Uri("https://hf-mirror.example"), env.Endpoint);
        Assert.Equal("hf_secret123", env.Token);
        Assert.DoesNotContain("hf_secret123", env.ToString(), StringComparison.Ordinal);
        Assert.Contains("token set", env.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_home_and_no_variables_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => HubEnvironment.FromVariables(new FakeEnvironmentVariables(null)));
        Assert.Contains("HF_HUB_CACHE", e.Message, StringComparison.Ordinal);
    }
}
