using System.Text.Json;
using System.Text.Json.Serialization;

namespace KissBot.Protocol;

/// <summary>The one JSON dialect of the wire: camelCase, nulls omitted.</summary>
public static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
