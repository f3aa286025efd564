namespace Rapport.Engine.Journeys;

/// <summary>A webhook's host is not one the install lets webhooks reach (<see cref="WebhookTargets"/>).</summary>
public sealed class WebhookTargetRefused(string message) : Exception(message);
