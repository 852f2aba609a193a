using System.Net;
using System.Net.Sockets;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// The client's network address as the rate limits and the sign-in throttle count it: the peer of the
/// connection, or — only when that peer is a configured proxy (<see cref="ProxiesAndHosts"/>) — the
/// address that proxy put in X-Forwarded-For. IPv6 addresses count per /64 network, since one device
/// can use any address of its /64. Kept in memory only; never stored or logged.
/// </summary>
public static class ClientAddress
{
    public static string KeyOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
