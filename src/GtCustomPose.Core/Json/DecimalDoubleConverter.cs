using System.Text.Json;
using System.Text.Json.Serialization;

namespace GtCustomPose.Core;

/// <summary>Doubles read as the serializer reads them and written with <see cref="DecimalText"/> where it applies,
/// the same bytes either way.</summary>
internal sealed class DecimalDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[DecimalText.MaxBytes];
        if (DecimalText.TryWrite(value, text, out var written))
            writer.WriteRawValue(text[..written], skipInputValidation: true);
        else
            writer.WriteNumberValue(value);
    }
}
