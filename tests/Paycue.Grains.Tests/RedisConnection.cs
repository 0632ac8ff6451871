using Paycue.Testing;
using StackExchange.Redis;

namespace Paycue.Grains.Tests;

/// <summary>A real redis-server on a free port and a connection to it, shared by a test class's store tests.</summary>
public sealed class RedisConnection : IAsyncLifetime
{
    private RedisServer server = null!;

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        server = await RedisServer.StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(server.Address);
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        await server.DisposeAsync();
    }
}
