using Microsoft.Extensions.Logging;
using Paycue.Telegram;

namespace Paycue.Grains.Telegram;

/// <summary>
/// Clients from the process-wide receive loop. TDLib allows one <c>td_receive</c> caller per process, and a test
/// host runs several silos in one process, so the loop is a process singleton rather than a per-silo service. It is
/// started on first use: a process with only sandbox cards never loads libtdjson.
/// </summary>
public sealed class TdlibSessionFactory(ILoggerFactory loggerFactory, ISessionLeases leases) : ITelegramSessionFactory
{
    public ISessionLeases Leases => leases;

    private static readonly Lock Gate = new();
    private static TdReceiveLoop? s_loop;

    public ITdClient CreateClient(string cardId) => Loop(loggerFactory).CreateClient();

    public async Task CloseAsync(ITdClient client, TimeSpan timeout)
    {
        if (client is TdClient real)
        {
            try
            {
                await real.CloseAsync(timeout).ConfigureAwait(false);
            }
            finally
            {
                await real.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static TdReceiveLoop Loop(ILoggerFactory loggerFactory)
    {
        lock (Gate)
        {
            return s_loop ??= new TdReceiveLoop(new TdReceiveLoopOptions(), loggerFactory);
        }
    }
}
