using Paycue.Grains.Interfaces;

namespace Paycue.Telegram;

/// <summary>
/// A history read failed part-way. The pages read before the failure are not lost: <see cref="Read"/> holds their
/// messages (oldest first) for the caller to pass on, and <see cref="ResumeFrom"/> is where the next try continues
/// (older than every message read), so it still covers the rest.
/// </summary>
public sealed class HistoryReadException(IReadOnlyList<BankMessage> read, long resumeFrom, Exception inner)
    : Exception($"Reading the chat history failed after {read.Count} message(s): {inner.Message}", inner)
{
    public IReadOnlyList<BankMessage> Read { get; } = read;

    /// <summary>The <c>from_message_id</c> to continue with; 0 when nothing was read (start again from the newest).</summary>
    public long ResumeFrom { get; } = resumeFrom;
}
