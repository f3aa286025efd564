namespace Rapport.Delivery.Email.Smtp;

/// <summary>How the connection to the SMTP relay is protected (Rapport:Smtp:StartTls).</summary>
public enum SmtpSecurity
{
    /// <summary>"none": plain text, never TLS (a relay on the same machine or a test sink).</summary>
    None,

    /// <summary>"auto": STARTTLS when the relay offers it, else plain text.</summary>
    Auto,

    /// <summary>"required": STARTTLS, and no mail is sent to a relay that does not offer it.</summary>
    Required,

    /// <summary>"tls": TLS from the first byte (implicit TLS, usually port 465).</summary>
    Tls,
}
