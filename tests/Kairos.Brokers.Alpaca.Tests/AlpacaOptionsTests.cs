namespace Kairos.Brokers.Alpaca.Tests;

public sealed class AlpacaOptionsTests
{
    private static Dictionary<string, string> Env(params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["APCA_API_KEY_ID"] = AlpacaHarness.KeyId,
            ["APCA_API_SECRET_KEY"] = AlpacaHarness.SecretKey,
        };
        foreach (var (k, v) in extra)
        {
            env[k] = v;
        }

        return env;
    }

    [Fact]
    public void Paper_is_the_default_and_selects_the_paper_host()
    {
        var options = AlpacaOptions.FromEnvironment(Env(), liveFlag: false);

        Assert.True(options.Paper);
        Assert.Equal(new Uri("https://paper-api.alpaca.markets"), options.TradingBaseUrl);
        Assert.Equal(new Uri("https://data.alpaca.markets"), options.DataBaseUrl);
        Assert.Equal(190, options.MaxRequestsPerMinute);
        Assert.Equal(4, options.MaxRetries);
        Assert.Equal("us", options.CryptoLocation);
        Assert.Equal("iex", options.StockFeed);
    }

    [Fact]
    public void Live_needs_paper_zero_and_the_live_flag()
    {
        var options = AlpacaOptions.FromEnvironment(Env(("PAPER", "0")), liveFlag: true);

        Assert.False(options.Paper);
        Assert.Equal(new Uri("https://api.alpaca.markets"), options.TradingBaseUrl);
    }

    [Fact]
    public void Paper_zero_without_the_live_flag_is_refused()
    {
        var ex = Assert.Throws<AlpacaConfigurationException>(() => AlpacaOptions.FromEnvironment(Env(("PAPER", "0")), liveFlag: false));
        Assert.Contains("--live", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    public void Live_flag_without_paper_zero_is_refused(string? paper)
    {
        var env = paper is null ? Env() : Env(("PAPER", paper));
        var ex = Assert.Throws<AlpacaConfigurationException>(() => AlpacaOptions.FromEnvironment(env, liveFlag: true));
        Assert.Contains("PAPER=0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_live_url_while_paper_is_refused()
    {
        var ex = Assert.Throws<AlpacaConfigurationException>(() =>
            AlpacaOptions.FromEnvironment(Env(("APCA_API_BASE_URL", "https://api.alpaca.markets")), liveFlag: false));
        Assert.Contains("live host", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_paper_url_while_live_is_refused()
    {
        Assert.Throws<AlpacaConfigurationException>(() =>
            AlpacaOptions.FromEnvironment(Env(("PAPER", "0"), ("APCA_API_BASE_URL", "https://paper-api.alpaca.markets/v2")), liveFlag: true));
    }

    [Fact]
    public void Missing_credentials_name_the_variables()
    {
        var ex = Assert.Throws<AlpacaConfigurationException>(() => AlpacaOptions.FromEnvironment(new Dictionary<string, string>(), liveFlag: false));
        Assert.Contains("APCA_API_KEY_ID", ex.Message, StringComparison.Ordinal);
        Assert.Contains("APCA_API_SECRET_KEY", ex.Message, StringComparison.Ordinal);

        var onlySecret = Assert.Throws<AlpacaConfigurationException>(() =>
            AlpacaOptions.FromEnvironment(new Dictionary<string, string> { ["APCA_API_KEY_ID"] = "k" }, liveFlag: false));
        Assert.Contains("APCA_API_SECRET_KEY", onlySecret.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("APCA_API_KEY_ID", onlySecret.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_paper_value_is_refused()
    {
        Assert.Throws<AlpacaConfigurationException>(() => AlpacaOptions.FromEnvironment(Env(("PAPER", "yes")), liveFlag: false));
    }

    [Fact]
    public void Plain_http_is_only_allowed_to_the_loopback()
    {
        Assert.Throws<AlpacaConfigurationException>(() => AlpacaOptions.FromEnvironment(Env(("APCA_API_BASE_URL", "http://example.com")), liveFlag: false));
        var local = AlpacaOptions.FromEnvironment(Env(("APCA_API_BASE_URL", "http://127.0.0.1:5000/")), liveFlag: false);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), local.TradingBaseUrl);
    }

    [Fact]
    public void A_budget_above_alpacas_limit_is_refused()
    {
        var options = AlpacaOptions.FromEnvironment(Env(), liveFlag: false) with { MaxRequestsPerMinute = 201 };
        Assert.Throws<AlpacaConfigurationException>(options.Validate);
    }

    [Fact]
    public void ToString_redacts_the_credentials()
    {
        var text = AlpacaOptions.FromEnvironment(Env(), liveFlag: false).ToString();

        Assert.DoesNotContain(AlpacaHarness.KeyId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(AlpacaHarness.SecretKey, text, StringComparison.Ordinal);
        Assert.Contains("SecretKey = ***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credentials_file_outside_a_repository_is_read_and_the_environment_wins()
    {
        var dir = Directory.CreateTempSubdirectory("kairos-alpaca-");
        try
        {
            var file = Path.Combine(dir.FullName, "alpaca.json");
            File.WriteAllText(file, $$"""{"key_id": "FILEKEY", "secret_key": "{{AlpacaHarness.SecretKey}}", "data_url": "http://127.0.0.1:9"}""");

            var fromFile = AlpacaOptions.FromFile(file, new Dictionary<string, string>(), liveFlag: false);
            Assert.Equal("FILEKEY", fromFile.KeyId);
            Assert.Equal(AlpacaHarness.SecretKey, fromFile.SecretKey);
            Assert.Equal(new Uri("http://127.0.0.1:9"), fromFile.DataBaseUrl);

            var overridden = AlpacaOptions.FromFile(file, new Dictionary<string, string> { ["APCA_API_KEY_ID"] = "ENVKEY" }, liveFlag: false);
            Assert.Equal("ENVKEY", overridden.KeyId);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_credentials_file_inside_a_git_work_tree_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("kairos-alpaca-repo-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, ".git"));
            var sub = Directory.CreateDirectory(Path.Combine(dir.FullName, "config"));
            var file = Path.Combine(sub.FullName, "alpaca.json");
            File.WriteAllText(file, """{"key_id": "K", "secret_key": "S"}""");

            var ex = Assert.Throws<AlpacaConfigurationException>(() => AlpacaOptions.FromFile(file, new Dictionary<string, string>(), liveFlag: false));
            Assert.Contains("git work tree", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_malformed_credentials_file_does_not_echo_its_content()
    {
        var dir = Directory.CreateTempSubdirectory("kairos-alpaca-");
        try
        {
            var file = Path.Combine(dir.FullName, "alpaca.json");
            File.WriteAllText(file, $"{{\"key_id\": \"K\", \"secret_key\": {AlpacaHarness.SecretKey}}}");

            var ex = Assert.Throws<AlpacaConfigurationException>(() => AlpacaOptions.FromFile(file, new Dictionary<string, string>(), liveFlag: false));
            Assert.DoesNotContain(AlpacaHarness.SecretKey, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
