namespace TeamCheckup.Web;

/// <summary>Marker for the UI strings in Resources/SharedResource(.en).resx — Dutch is the neutral language.</summary>
public sealed class SharedResource;
