namespace Rapport.Delivery.Email.Smtp;

/// <summary>What the relay answered to a message for a domain, as far as that domain's limits care.</summary>
public enum DomainAnswer
{
    /// <summary>Taken: a domain that was slowed comes back step by step.</summary>
    Accepted,

    /// <summary>Refused for now (421, 451 or another 4xx): the domain is slowed.</summary>
    RefusedForNow,

    /// <summary>Anything else (refused for good, the relay unreachable): says nothing of the domain.</summary>
    Other,
}
