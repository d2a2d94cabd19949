using KissBot.Survey;
using Xunit;

namespace KissBot.Tests.Survey;

public class KrejcieMorganTests
{
    // skm.md §5 table.
    [Theory]
    [InlineData(10, 10)]
    [InlineData(20, 19)]
    [InlineData(30, 28)]
    [InlineData(50, 44)]
    [InlineData(75, 63)]
    [InlineData(100, 80)]
    [InlineData(150, 108)]
    [InlineData(200, 132)]
    [InlineData(300, 169)]
    [InlineData(500, 217)]
    [InlineData(1000, 278)]
    [InlineData(2000, 322)]
    [InlineData(5000, 357)]
    [InlineData(10000, 370)]
    [InlineData(100000, 383)]
    [InlineData(1000000, 384)]
    public void Matches_The_Table(int population, int sample) =>
        Assert.Equal(sample, KrejcieMorgan.MinimumSample(population));

    [Fact]
    public void Small_Populations_Survey_Everybody()
    {
        Assert.Equal(0, KrejcieMorgan.MinimumSample(0));
        Assert.Equal(1, KrejcieMorgan.MinimumSample(1));
        Assert.Equal(2, KrejcieMorgan.MinimumSample(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => KrejcieMorgan.MinimumSample(-1));
    }

    [Fact]
    public void Flags_Too_Small_Samples()
    {
        var a = KrejcieMorgan.Assess(100, 60);
        Assert.False(a.IsSufficient);
        Assert.Equal(80, a.Minimum);
        Assert.Equal(20, a.Shortfall);
        Assert.True(KrejcieMorgan.Assess(100, 80).IsSufficient);
    }
}
