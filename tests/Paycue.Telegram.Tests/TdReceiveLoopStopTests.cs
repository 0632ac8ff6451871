namespace Paycue.Telegram.Tests;

/// <summary>
/// Stopping the receive loop never lets a second loop call <c>td_receive</c> while the first one's call is still
/// inside it (TDLib aborts the process when two threads receive at once). A stand-in for <c>td_receive</c> that
/// blocks until told counts how many threads are inside it.
/// </summary>
public sealed class TdReceiveLoopStopTests
{
    [Fact]
    public async Task AStopWhoseReceiveHasNotReturnedKeepsTheNextLoopOutUntilItHas()
    {
        var guard = new TdReceiveLoop.ReceiveGuard();
        var receiver = new BlockingReceive();
        var options = new TdReceiveLoopOptions { ReceiveTimeout = TimeSpan.FromMilliseconds(50) };
        var first = new TdReceiveLoop(options, null, null, receiver.Receive, guard, joinTimeout: TimeSpan.FromMilliseconds(100));
        await receiver.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The join gives up while the first thread is still inside td_receive.
        first.Dispose();
        var second = Assert.Throws<InvalidOperationException>(
            () => new TdReceiveLoop(options, null, null, receiver.Receive, guard, joinTimeout: TimeSpan.FromMilliseconds(100)));
        Assert.Contains("has not returned yet", second.Message);
        Assert.Equal(1, receiver.Inside);

        // Once that call returns, the first thread leaves and a new loop may start.
        receiver.Release();
        TdReceiveLoop? third = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); third is null && DateTime.UtcNow < deadline; await Task.Delay(20))
        {
            third = TryStart(options, receiver, guard);
        }

        Assert.NotNull(third);
        third.Dispose();
        Assert.Equal(1, receiver.MaxInside);
    }

    [Fact]
    public async Task ALoopStoppedNormallyLetsTheNextOneStartAtOnce()
    {
        var guard = new TdReceiveLoop.ReceiveGuard();
        var receiver = new BlockingReceive();
        receiver.Release();
        var options = new TdReceiveLoopOptions { ReceiveTimeout = TimeSpan.FromMilliseconds(20) };

        // Each loop is seen inside td_receive before the test goes on: a loop stopped before its thread first
        // called it (or a next loop not yet scheduled) would leave nothing to count.
        var first = new TdReceiveLoop(options, null, null, receiver.Receive, guard, joinTimeout: TimeSpan.FromSeconds(10));
        await receiver.WaitForCallsAsync(1);
        first.Dispose();
        var callsOfFirst = receiver.Calls;
        Assert.Equal(0, receiver.Inside);

        using var next = new TdReceiveLoop(options, null, null, receiver.Receive, guard, joinTimeout: TimeSpan.FromSeconds(10));
        await receiver.WaitForCallsAsync(callsOfFirst + 2);

        Assert.Equal(1, receiver.MaxInside);
    }

    private static TdReceiveLoop? TryStart(TdReceiveLoopOptions options, BlockingReceive receiver, TdReceiveLoop.ReceiveGuard guard)
    {
        try
        {
            return new TdReceiveLoop(options, null, null, receiver.Receive, guard, joinTimeout: TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private sealed class BlockingReceive
    {
        private readonly ManualResetEventSlim _released = new();
        private int _inside;
        private int _maxInside;
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Inside => Volatile.Read(ref _inside);

        public int MaxInside => Volatile.Read(ref _maxInside);

        public int Calls => Volatile.Read(ref _calls);

        public async Task WaitForCallsAsync(int calls)
        {
            for (var deadline = DateTime.UtcNow.AddSeconds(10); Calls < calls; await Task.Delay(5))
            {
                Assert.True(DateTime.UtcNow < deadline, $"td_receive was called {Calls} times, expected {calls} within 10 s.");
            }
        }

        public void Release() => _released.Set();

        public string? Receive(double timeoutSeconds)
        {
            var now = Interlocked.Increment(ref _inside);
            Interlocked.Increment(ref _calls);
            for (var max = Volatile.Read(ref _maxInside); now > max; max = Volatile.Read(ref _maxInside))
            {
                Interlocked.CompareExchange(ref _maxInside, now, max);
            }

            Entered.TrySetResult();
            if (_released.IsSet)
            {
                Thread.Sleep(TimeSpan.FromSeconds(timeoutSeconds));
            }
            else
            {
                _released.Wait();
            }

            Interlocked.Decrement(ref _inside);
            return null;
        }
    }
}
