using KissBot.Protocol;

namespace KissBot.Scheduler.Planning;

/// <summary>Driving minutes between two points. Replaceable by a road-network matrix or logged travel times.</summary>
public interface ITravelTimeEstimator
{
    int Minutes(GeoPoint from, GeoPoint to);
}

/// <summary>Haversine distance × road (detour) factor ÷ effective speed, rounded up to whole minutes.</summary>
public sealed class GreatCircleTravelTimeEstimator(double roadFactor = 1.35, double speedKmh = 22) : ITravelTimeEstimator
{
    public const double EarthRadiusKm = 6371.0;

    public double RoadFactor { get; } = roadFactor > 0 ? roadFactor : throw new ArgumentOutOfRangeException(nameof(roadFactor));
    public double SpeedKmh { get; } = speedKmh > 0 ? speedKmh : throw new ArgumentOutOfRangeException(nameof(speedKmh));

    public static double HaversineKm(GeoPoint a, GeoPoint b)
    {
        static double Rad(double d) => d * Math.PI / 180.0;
        var dLat = Rad(b.Latitude - a.Latitude);
        var dLon = Rad(b.Longitude - a.Longitude);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
              + Math.Cos(Rad(a.Latitude)) * Math.Cos(Rad(b.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    public int Minutes(GeoPoint from, GeoPoint to)
    {
        var minutes = HaversineKm(from, to) * RoadFactor / SpeedKmh * 60.0;
        // Tiny tolerance so that floating noise does not add a whole minute to exact values.
        return (int)Math.Ceiling(minutes - 1e-9);
    }
}
