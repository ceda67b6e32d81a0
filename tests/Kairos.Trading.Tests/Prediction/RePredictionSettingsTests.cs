using Kairos.Core;
using Kairos.Trading.Prediction;

namespace Kairos.Trading.Tests.Prediction;

public class RePredictionSettingsTests
{
    [Fact]
    public void Defaults_are_the_plans_figures()
    {
        var s = RePredictionSettings.Default;
        s.Validate();
        Assert.Equal(RePredictionRules.Differential, s.Rules);
        Assert.Equal(0.015, s.PriceThresholdOf(AssetClass.Equity));
        Assert.Equal(0.02, s.PriceThresholdOf(AssetClass.Crypto));
        Assert.Equal(TimeSpan.FromSeconds(1800), s.TimeThreshold);
        Assert.Equal(TimeSpan.FromMinutes(45), s.MaxForecastAge);
        Assert.Equal((4, 6, 2, 3), (s.HighTierSize, s.MediumTierSize, s.MediumTierEvery, s.LowTierEvery));
    }

    public static TheoryData<string, RePredictionSettings> Invalid => new()
    {
        { "EquityPriceThreshold", new() { EquityPriceThreshold = 0 } },
        { "CryptoPriceThreshold", new() { CryptoPriceThreshold = 1 } },
        { "CryptoPriceThreshold", new() { CryptoPriceThreshold = double.NaN } },
        { "MinPriceThreshold", new() { MinPriceThreshold = 0.06, MaxPriceThreshold = 0.05 } },
        { "VolatilityMultiplier", new() { VolatilityMultiplier = 0 } },
        { "ReferenceVolatility", new() { ReferenceVolatility = -0.01 } },
        { "TimeThreshold", new() { TimeThreshold = TimeSpan.Zero } },
        { "MinTimeThreshold", new() { MinTimeThreshold = TimeSpan.FromMinutes(31) } },
        { "MaxForecastAge", new() { MaxForecastAge = TimeSpan.FromMinutes(29) } },
        { "HighTierSize", new() { HighTierSize = -1 } },
        { "LowTierEvery", new() { MediumTierEvery = 3, LowTierEvery = 2 } },
        { "LowTierEvery", new() { MediumTierEvery = 0 } },
        { "Rules", new() { Rules = (RePredictionRules)8 } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_settings_name_the_offending_setting(string name, RePredictionSettings settings)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(settings.Validate);
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void The_age_limit_may_equal_the_time_threshold()
    {
        new RePredictionSettings { MaxForecastAge = TimeSpan.FromMinutes(30) }.Validate();
        new RePredictionSettings { Rules = RePredictionRules.Differential | RePredictionRules.Tiered | RePredictionRules.Volatility }.Validate();
    }
}
