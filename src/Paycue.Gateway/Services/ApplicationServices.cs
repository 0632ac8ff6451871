namespace Paycue.Gateway.Services;

public static class ApplicationServices
{
    /// <summary>The services both the HTTP API and the console read and act through.</summary>
    public static IServiceCollection AddPaycueApplicationServices(this IServiceCollection services) =>
        services.AddSingleton<TransactionService>().AddSingleton<CardService>().AddSingleton<LedgerService>().AddSingleton<SandboxFeed>();
}
