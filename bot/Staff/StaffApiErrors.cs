using KissBot.Text;

namespace KissBot.Bot.Staff;

/// <summary>
/// The staff JSON API's error answers (<c>{"error":{"code","message"}}</c>) with their messages from
/// <c>bot/Staff/staff-api.texts.json</c>: one place for the shape, one file for the words.
/// </summary>
public static class StaffApiErrors
{
    public static readonly TextTable Texts = TextTable.LoadEmbedded(typeof(StaffApiErrors).Assembly, "staff-api.texts.json");

    public static IResult Error(int status, string code, string textKey, params (string Name, object? Value)[] args) =>
        Results.Json(new { error = new { code, message = Texts.Get(textKey, args) } }, statusCode: status);
}
