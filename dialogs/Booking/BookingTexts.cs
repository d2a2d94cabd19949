using KissBot.Text;

namespace KissBot.Dialogs.Booking;

/// <summary>The texts of <c>Booking/booking.texts.json</c>.</summary>
public static class BookingTexts
{
    public static readonly TextTable Table = TextTable.LoadEmbedded(typeof(BookingTexts).Assembly, "booking.texts.json");
}
