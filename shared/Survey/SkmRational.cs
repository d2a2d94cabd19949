using System.Numerics;

namespace KissBot.Survey;

/// <summary>
/// An exact non-negative-denominator fraction (BigInteger), so NRR × 1/9 is never rounded to 0.11/0.111 and the IKM is
/// rounded exactly once, at the end (docs/reference/skm.md §6).
/// </summary>
public readonly record struct SkmRational : IComparable<SkmRational>
{
    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    public SkmRational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("Denominator is zero.");
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!g.IsZero && !g.IsOne) { numerator /= g; denominator /= g; }
        Numerator = numerator;
        Denominator = denominator;
    }

    public static readonly SkmRational Zero = new(0, 1);
    public static readonly SkmRational One = new(1, 1);

    public static SkmRational Of(long numerator, long denominator = 1) => new(numerator, denominator);

    public static SkmRational operator +(SkmRational a, SkmRational b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static SkmRational operator -(SkmRational a, SkmRational b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static SkmRational operator *(SkmRational a, SkmRational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static SkmRational operator /(SkmRational a, SkmRational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public int CompareTo(SkmRational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public static bool operator <(SkmRational a, SkmRational b) => a.CompareTo(b) < 0;
    public static bool operator >(SkmRational a, SkmRational b) => a.CompareTo(b) > 0;
    public static bool operator <=(SkmRational a, SkmRational b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SkmRational a, SkmRational b) => a.CompareTo(b) >= 0;

    /// <summary>Exact rounding half up (away from zero for negatives) to <paramref name="decimals"/> places.</summary>
    public decimal RoundHalfUp(int decimals)
    {
        if (decimals is < 0 or > 28) throw new ArgumentOutOfRangeException(nameof(decimals));
        var scale = BigInteger.Pow(10, decimals);
        var scaled = BigInteger.Abs(Numerator) * scale;
        var q = BigInteger.DivRem(scaled, Denominator, out var r);
        if (r * 2 >= Denominator) q += 1;
        var value = (decimal)q / (decimal)scale;
        return Numerator.Sign < 0 ? -value : value;
    }

    /// <summary>The value as a decimal with the full precision of decimal (≈28 significant digits); for display/export.</summary>
    public decimal ToDecimal() => RoundHalfUp(Math.Max(0, 27 - BigInteger.Abs(Numerator / Denominator).ToString().Length));

    public override string ToString() => Denominator.IsOne ? Numerator.ToString() : $"{Numerator}/{Denominator}";
}
