using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace Paycue.Gateway.Http;

/// <summary>
/// A JSON answer written in one piece with its <c>Content-Length</c>: the body is serialized into a per-thread buffer
/// first, then copied into the response, which Kestrel sends with its headers in one write when the request ends.
/// <see cref="Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult{TValue}"/> streams instead: no length, so the answer
/// goes out chunked, and its closing chunk is a second send (a second system call here and a second read for the
/// client) on every create. The bytes of the body are the serializer's, with the same options.
/// </summary>
public sealed class BufferedJsonResult<TValue> : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TValue>, IContentTypeHttpResult
{
    public const string JsonContentType = "application/json; charset=utf-8";

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly JsonSerializerOptions options;

    public BufferedJsonResult(TValue value, JsonSerializerOptions options, int statusCode)
    {
        Value = value;
        this.options = options;
        StatusCode = statusCode;
    }

    public TValue Value { get; }

    object? IValueHttpResult.Value => Value;

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null || !ReferenceEquals(writer.Options.Encoder, options.Encoder))
        {
            writer = t_writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented });
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            JsonSerializer.Serialize(writer, Value, options);
            writer.Flush();
            var response = httpContext.Response;
            response.StatusCode = StatusCode;
            response.ContentType = JsonContentType;
            response.ContentLength = buffer.WrittenCount;

            // Copied into Kestrel's output pipe now (the buffer is this thread's and is reused); flushed with the headers
            // once the request ends.
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            writer.Reset();
            if (buffer.Capacity > 64 * 1024)
            {
                // One large answer (a long metadata) must not keep its buffer on this thread for good.
                t_buffer = null;
                t_writer = null;
            }
        }

        return Task.CompletedTask;
    }
}
