using Kairos.Forecasting.Caching;

namespace Kairos.Forecasting.Tests.Caching;

/// <summary>Defaults, the KRONOS_PREDICTION_CACHE_* variables and validation.</summary>
public sealed class ForecastCacheOptionsTests
{
    [Fact]
    public void Defaults_are_enabled_300_seconds_64_MiB_memory_only()
    {
        var options = ForecastCacheOptions.FromVariables(new Variables());
        Assert.Equal(new ForecastCacheOptions { Enabled = true, PartialBarTtl = TimeSpan.FromSeconds(300), MaxBytes = 67_108_864, Path = null }, options);
    }

    [Fact]
    public void The_variables_override_the_defaults()
    {
        var options = ForecastCacheOptions.FromVariables(new Variables(
            (ForecastCacheOptions.EnabledVariable, "0"),
            (ForecastCacheOptions.TtlVariable, "90"),
            (ForecastCacheOptions.MaxSizeVariable, "1.5"),
            (ForecastCacheOptions.PathVariable, " /var/kairos/forecasts.db ")));
        Assert.Equal(new ForecastCacheOptions { Enabled = false, PartialBarTtl = TimeSpan.FromSeconds(90), MaxBytes = 1_572_864, Path = "/var/kairos/forecasts.db" }, options);
        Assert.True(ForecastCacheOptions.FromVariables(new Variables((ForecastCacheOptions.EnabledVariable, "TRUE"))).Enabled);

        // Set but empty path: memory only, even over a configured file.
        Assert.Null(ForecastCacheOptions.FromVariables(new Variables((ForecastCacheOptions.PathVariable, "")), new ForecastCacheOptions { Path = "x.db" }).Path);
    }

    [Theory]
    [InlineData(ForecastCacheOptions.EnabledVariable, "maybe")]
    [InlineData(ForecastCacheOptions.TtlVariable, "0")]
    [InlineData(ForecastCacheOptions.TtlVariable, "5m")]
    [InlineData(ForecastCacheOptions.MaxSizeVariable, "-1")]
    [InlineData(ForecastCacheOptions.MaxSizeVariable, "NaN")]
    public void A_malformed_variable_is_an_error_naming_it(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ForecastCacheOptions.FromVariables(new Variables((name, value))));
        Assert.StartsWith($"{name}='{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_rejects_a_non_positive_ttl_a_cap_below_one_entry_and_a_blank_path()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ForecastCacheOptions { PartialBarTtl = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ForecastCacheOptions { MaxBytes = ForecastCache.EntryBytes - 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new ForecastCacheOptions { Path = " " }.Validate());
        new ForecastCacheOptions { MaxBytes = ForecastCache.EntryBytes }.Validate();
    }
}
