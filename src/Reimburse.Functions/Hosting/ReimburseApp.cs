using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Customers;
using Reimburse.Functions.Finance;
using Reimburse.Functions.Extraction;
using Reimburse.Functions.Health;
using Reimburse.Functions.Intake;
using Reimburse.Functions.Pages;
using Reimburse.Functions.Payouts;
using Reimburse.Functions.Review;
using Reimburse.Functions.Security;
using Reimburse.Functions.Storage;

namespace Reimburse.Functions.Hosting;

/// <summary>The composition root: reads like a table of contents; each feature registers itself.</summary>
public static class ReimburseApp
{
    /// <summary>Builds the web app. <paramref name="configure"/> lets the CLI (`up`) add configuration first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseCustomHandlerPort();
        configure?.Invoke(builder);

        builder.Services.AddReimburseErrorHandling();
        builder.Services.AddReimburseOpenApi();
        builder.Services.AddReimburseStorage(builder.Configuration);
        builder.Services.AddStaffAuthentication(builder.Configuration);
        builder.Services.AddCardholderSessions(builder.Configuration);
        builder.Services.AddReimburseHealth();
        builder.Services.AddReimburseBanking(builder.Configuration);
        builder.Services.AddReimbursePayouts(builder.Configuration);
        builder.Services.AddCustomers(builder.Configuration);
        builder.Services.AddStatementReaders(builder.Configuration);
        builder.Services.AddClaims(builder.Configuration);
        builder.Services.AddClaimIntake(builder.Configuration);
        builder.Services.AddReview(builder.Configuration);
        builder.Services.AddFinance(builder.Configuration);
        builder.Services.AddReimbursePages();

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapReimburseHealth();
        app.MapReimburseOpenApi();
        app.MapStaffIdentityEndpoints();
        app.MapCustomerEndpoints();
        app.MapEligibilityEndpoints();
        app.MapCardholderSessionEndpoints();
        app.MapCardholderClaimEndpoints();
        app.MapClaimTriggers();
        app.MapReviewEndpoints();
        app.MapFinanceEndpoints();
        app.MapReimbursePages();
        return app;
    }
}
