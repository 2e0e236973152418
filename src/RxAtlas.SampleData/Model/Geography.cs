namespace RxAtlas.SampleData.Model;

/// <summary>An NHS England region as of 2018–2026, with the 2013–2018 "regional office" it fell under.</summary>
internal sealed record NhsRegion(string Code, string Name, string LegacyCode, string LegacyName);

/// <summary>An integrated care board (an STP before July 2022) by its ODS Q-code.</summary>
internal sealed record Icb(string Code, string Name, string StpName);

/// <summary>A real English town or city that synthetic practices cluster around.</summary>
/// <param name="SubIcb">CCG / sub-ICB location code (3 chars); the EPD PCO code is this plus <c>00</c>.</param>
/// <param name="PracticePrefix">Practice codes here look like <c>{prefix}001</c> (letter by old regional authority).</param>
/// <param name="AreaTeam">NHS England area team code of 2013–2017, used in PDPI's SHA column.</param>
/// <param name="Weight">Relative population, for how many practices land here.</param>
internal sealed record Town(
    string Name,
    string County,
    double Latitude,
    double Longitude,
    string PostcodeArea,
    int DistrictMin,
    int DistrictMax,
    string OnsRegion,
    NhsRegion Region,
    Icb Icb,
    string SubIcb,
    string SubIcbName,
    string PracticePrefix,
    string AreaTeam,
    double Weight)
{
    /// <summary>PDPI's SHA column before April 2013: the strategic health authority, by ONS region.</summary>
    public string StrategicHealthAuthority => OnsRegion switch
    {
        "North East" => "Q30",
        "North West" => "Q31",
        "Yorkshire and The Humber" => "Q32",
        "East Midlands" => "Q33",
        "West Midlands" => "Q34",
        "East of England" => "Q35",
        "London" => "Q36",
        "South East" => County is "Hampshire" or "Oxfordshire" or "Berkshire" or "Buckinghamshire" ? "Q38" : "Q37",
        _ => "Q39",
    };
}

/// <summary>The embedded geography: ~80 real towns with real coordinates, postcode areas, regions and ICBs.</summary>
internal static class Geography
{
    public static readonly NhsRegion London = Region("Y56", "Y56");
    public static readonly NhsRegion SouthWest = Region("Y58", "Y57");
    public static readonly NhsRegion SouthEast = Region("Y59", "Y57");
    public static readonly NhsRegion Midlands = Region("Y60", "Y55");
    public static readonly NhsRegion East = Region("Y61", "Y55");
    public static readonly NhsRegion NorthWest = Region("Y62", "Y54");
    public static readonly NhsRegion NorthEastYorkshire = Region("Y63", "Y54");

    /// <summary>A region of today and the 2013–2018 region it lay in, named as RxAtlas names them (<see cref="Core.NhsRegion"/>).</summary>
    private static NhsRegion Region(string code, string legacyCode) =>
        new(code, Core.NhsRegion.NameOf(code)!, legacyCode, Core.NhsRegion.NameOf(legacyCode)!);

    private static readonly Dictionary<string, Icb> Icbs = new Icb[]
    {
        new("QE1", "NHS LANCASHIRE AND SOUTH CUMBRIA INTEGRATED CARE BOARD", "HEALTHIER LANCASHIRE AND SOUTH CUMBRIA"),
        new("QF7", "NHS SOUTH YORKSHIRE INTEGRATED CARE BOARD", "SOUTH YORKSHIRE AND BASSETLAW"),
        new("QGH", "NHS HEREFORDSHIRE AND WORCESTERSHIRE INTEGRATED CARE BOARD", "HEREFORDSHIRE AND WORCESTERSHIRE"),
        new("QH8", "NHS MID AND SOUTH ESSEX INTEGRATED CARE BOARD", "MID AND SOUTH ESSEX"),
        new("QHG", "NHS BEDFORDSHIRE, LUTON AND MILTON KEYNES INTEGRATED CARE BOARD", "BEDFORDSHIRE, LUTON AND MILTON KEYNES"),
        new("QHL", "NHS BIRMINGHAM AND SOLIHULL INTEGRATED CARE BOARD", "BIRMINGHAM AND SOLIHULL"),
        new("QHM", "NHS NORTH EAST AND NORTH CUMBRIA INTEGRATED CARE BOARD", "CUMBRIA AND NORTH EAST"),
        new("QJ2", "NHS DERBY AND DERBYSHIRE INTEGRATED CARE BOARD", "JOINED UP CARE DERBYSHIRE"),
        new("QJG", "NHS SUFFOLK AND NORTH EAST ESSEX INTEGRATED CARE BOARD", "SUFFOLK AND NORTH EAST ESSEX"),
        new("QJK", "NHS DEVON INTEGRATED CARE BOARD", "DEVON"),
        new("QJM", "NHS LINCOLNSHIRE INTEGRATED CARE BOARD", "LINCOLNSHIRE"),
        new("QK1", "NHS LEICESTER, LEICESTERSHIRE AND RUTLAND INTEGRATED CARE BOARD", "LEICESTER, LEICESTERSHIRE AND RUTLAND"),
        new("QKK", "NHS SOUTH EAST LONDON INTEGRATED CARE BOARD", "OUR HEALTHIER SOUTH EAST LONDON"),
        new("QKS", "NHS KENT AND MEDWAY INTEGRATED CARE BOARD", "KENT AND MEDWAY"),
        new("QM7", "NHS HERTFORDSHIRE AND WEST ESSEX INTEGRATED CARE BOARD", "HERTFORDSHIRE AND WEST ESSEX"),
        new("QMF", "NHS NORTH EAST LONDON INTEGRATED CARE BOARD", "EAST LONDON HEALTH AND CARE PARTNERSHIP"),
        new("QMJ", "NHS NORTH CENTRAL LONDON INTEGRATED CARE BOARD", "NORTH LONDON PARTNERS IN HEALTH AND CARE"),
        new("QMM", "NHS NORFOLK AND WAVENEY INTEGRATED CARE BOARD", "NORFOLK AND WAVENEY HEALTH AND CARE PARTNERSHIP"),
        new("QNC", "NHS STAFFORDSHIRE AND STOKE-ON-TRENT INTEGRATED CARE BOARD", "STAFFORDSHIRE AND STOKE ON TRENT"),
        new("QNX", "NHS SUSSEX INTEGRATED CARE BOARD", "SUSSEX HEALTH AND CARE PARTNERSHIP"),
        new("QOC", "NHS SHROPSHIRE, TELFORD AND WREKIN INTEGRATED CARE BOARD", "SHROPSHIRE AND TELFORD AND WREKIN"),
        new("QOP", "NHS GREATER MANCHESTER INTEGRATED CARE BOARD", "GREATER MANCHESTER HEALTH AND SOCIAL CARE PARTNERSHIP"),
        new("QOQ", "NHS HUMBER AND NORTH YORKSHIRE INTEGRATED CARE BOARD", "HUMBER, COAST AND VALE"),
        new("QOX", "NHS BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE INTEGRATED CARE BOARD", "BATH, SWINDON AND WILTSHIRE"),
        new("QPM", "NHS NORTHAMPTONSHIRE INTEGRATED CARE BOARD", "NORTHAMPTONSHIRE"),
        new("QR1", "NHS GLOUCESTERSHIRE INTEGRATED CARE BOARD", "ONE GLOUCESTERSHIRE"),
        new("QRL", "NHS HAMPSHIRE AND ISLE OF WIGHT INTEGRATED CARE BOARD", "HAMPSHIRE AND THE ISLE OF WIGHT"),
        new("QRV", "NHS NORTH WEST LONDON INTEGRATED CARE BOARD", "NORTH WEST LONDON HEALTH AND CARE PARTNERSHIP"),
        new("QSL", "NHS SOMERSET INTEGRATED CARE BOARD", "SOMERSET"),
        new("QT1", "NHS NOTTINGHAM AND NOTTINGHAMSHIRE INTEGRATED CARE BOARD", "NOTTINGHAM AND NOTTINGHAMSHIRE HEALTH AND CARE"),
        new("QT6", "NHS CORNWALL AND THE ISLES OF SCILLY INTEGRATED CARE BOARD", "CORNWALL AND THE ISLES OF SCILLY HEALTH AND SOCIAL CARE PARTNERSHIP"),
        new("QU9", "NHS BUCKINGHAMSHIRE, OXFORDSHIRE AND BERKSHIRE WEST INTEGRATED CARE BOARD", "BUCKINGHAMSHIRE, OXFORDSHIRE AND BERKSHIRE WEST"),
        new("QUA", "NHS BLACK COUNTRY INTEGRATED CARE BOARD", "THE BLACK COUNTRY AND WEST BIRMINGHAM"),
        new("QUE", "NHS CAMBRIDGESHIRE AND PETERBOROUGH INTEGRATED CARE BOARD", "CAMBRIDGESHIRE AND PETERBOROUGH"),
        new("QUY", "NHS BRISTOL, NORTH SOMERSET AND SOUTH GLOUCESTERSHIRE INTEGRATED CARE BOARD", "HEALTHIER TOGETHER"),
        new("QVV", "NHS DORSET INTEGRATED CARE BOARD", "OUR DORSET"),
        new("QWE", "NHS SOUTH WEST LONDON INTEGRATED CARE BOARD", "SOUTH WEST LONDON HEALTH AND CARE PARTNERSHIP"),
        new("QWO", "NHS WEST YORKSHIRE INTEGRATED CARE BOARD", "WEST YORKSHIRE AND HARROGATE (HEALTH AND CARE PARTNERSHIP)"),
        new("QWU", "NHS COVENTRY AND WARWICKSHIRE INTEGRATED CARE BOARD", "COVENTRY AND WARWICKSHIRE"),
        new("QXU", "NHS SURREY HEARTLANDS INTEGRATED CARE BOARD", "SURREY HEARTLANDS HEALTH AND CARE PARTNERSHIP"),
        new("QYG", "NHS CHESHIRE AND MERSEYSIDE INTEGRATED CARE BOARD", "CHESHIRE AND MERSEYSIDE"),
    }.ToDictionary(i => i.Code, StringComparer.Ordinal);

    private static Town T(string name, string county, double lat, double lon, string area, int dMin, int dMax, string ons,
        NhsRegion region, string icb, string subIcb, string subIcbName, string prefix, string areaTeam, double weight) =>
        new(name, county, lat, lon, area, dMin, dMax, ons, region, Icbs[icb], subIcb, subIcbName, prefix, areaTeam, weight);

    /// <summary>The towns, each with its real latitude/longitude and postcode area.</summary>
    public static IReadOnlyList<Town> Towns { get; } =
    [
        // North East and Yorkshire
        T("NEWCASTLE UPON TYNE", "TYNE AND WEAR", 54.9783, -1.6178, "NE", 1, 15, "North East", NorthEastYorkshire, "QHM", "13T", "NHS NEWCASTLE GATESHEAD CCG", "A86", "Q49", 30),
        T("SUNDERLAND", "TYNE AND WEAR", 54.9069, -1.3838, "SR", 1, 7, "North East", NorthEastYorkshire, "QHM", "00P", "NHS SUNDERLAND CCG", "A89", "Q49", 28),
        T("MIDDLESBROUGH", "CLEVELAND", 54.5742, -1.2350, "TS", 1, 9, "North East", NorthEastYorkshire, "QHM", "16C", "NHS TEES VALLEY CCG", "A81", "Q45", 17),
        T("DURHAM", "COUNTY DURHAM", 54.7761, -1.5733, "DH", 1, 9, "North East", NorthEastYorkshire, "QHM", "84H", "NHS COUNTY DURHAM CCG", "A83", "Q45", 20),
        T("CARLISLE", "CUMBRIA", 54.8925, -2.9329, "CA", 1, 6, "North West", NorthEastYorkshire, "QHM", "01H", "NHS NORTH CUMBRIA CCG", "A82", "Q49", 11),
        T("LEEDS", "WEST YORKSHIRE", 53.8008, -1.5491, "LS", 1, 29, "Yorkshire and The Humber", NorthEastYorkshire, "QWO", "15F", "NHS LEEDS CCG", "B86", "Q52", 79),
        T("BRADFORD", "WEST YORKSHIRE", 53.7950, -1.7594, "BD", 1, 18, "Yorkshire and The Humber", NorthEastYorkshire, "QWO", "36J", "NHS BRADFORD DISTRICT AND CRAVEN CCG", "B83", "Q52", 54),
        T("WAKEFIELD", "WEST YORKSHIRE", 53.6833, -1.4977, "WF", 1, 17, "Yorkshire and The Humber", NorthEastYorkshire, "QWO", "03R", "NHS WAKEFIELD CCG", "B87", "Q52", 34),
        T("HUDDERSFIELD", "WEST YORKSHIRE", 53.6458, -1.7850, "HD", 1, 9, "Yorkshire and The Humber", NorthEastYorkshire, "QWO", "03A", "NHS GREATER HUDDERSFIELD CCG", "B85", "Q52", 24),
        T("SHEFFIELD", "SOUTH YORKSHIRE", 53.3811, -1.4701, "S", 1, 36, "Yorkshire and The Humber", NorthEastYorkshire, "QF7", "03N", "NHS SHEFFIELD CCG", "C88", "Q51", 58),
        T("DONCASTER", "SOUTH YORKSHIRE", 53.5228, -1.1285, "DN", 1, 12, "Yorkshire and The Humber", NorthEastYorkshire, "QF7", "02X", "NHS DONCASTER CCG", "C86", "Q51", 31),
        T("BARNSLEY", "SOUTH YORKSHIRE", 53.5526, -1.4797, "S", 70, 75, "Yorkshire and The Humber", NorthEastYorkshire, "QF7", "02P", "NHS BARNSLEY CCG", "C85", "Q51", 24),
        T("ROTHERHAM", "SOUTH YORKSHIRE", 53.4326, -1.3635, "S", 60, 66, "Yorkshire and The Humber", NorthEastYorkshire, "QF7", "03L", "NHS ROTHERHAM CCG", "C87", "Q51", 26),
        T("KINGSTON UPON HULL", "EAST RIDING OF YORKSHIRE", 53.7457, -0.3367, "HU", 1, 17, "Yorkshire and The Humber", NorthEastYorkshire, "QOQ", "03F", "NHS HULL CCG", "B81", "Q50", 26),
        T("YORK", "NORTH YORKSHIRE", 53.9600, -1.0873, "YO", 1, 32, "Yorkshire and The Humber", NorthEastYorkshire, "QOQ", "03Q", "NHS VALE OF YORK CCG", "B82", "Q50", 21),
        T("HARROGATE", "NORTH YORKSHIRE", 53.9921, -1.5418, "HG", 1, 5, "Yorkshire and The Humber", NorthEastYorkshire, "QOQ", "03E", "NHS HARROGATE AND RURAL DISTRICT CCG", "B82", "Q50", 8),
        T("SCARBOROUGH", "NORTH YORKSHIRE", 54.2831, -0.3998, "YO", 11, 14, "Yorkshire and The Humber", NorthEastYorkshire, "QOQ", "03M", "NHS SCARBOROUGH AND RYEDALE CCG", "B82", "Q50", 6),
        // North West
        T("MANCHESTER", "GREATER MANCHESTER", 53.4808, -2.2426, "M", 1, 40, "North West", NorthWest, "QOP", "14L", "NHS MANCHESTER CCG", "P84", "Q46", 55),
        T("SALFORD", "GREATER MANCHESTER", 53.4875, -2.2901, "M", 3, 7, "North West", NorthWest, "QOP", "01G", "NHS SALFORD CCG", "P87", "Q46", 25),
        T("BOLTON", "GREATER MANCHESTER", 53.5769, -2.4282, "BL", 1, 7, "North West", NorthWest, "QOP", "00T", "NHS BOLTON CCG", "P82", "Q46", 28),
        T("STOCKPORT", "GREATER MANCHESTER", 53.4083, -2.1494, "SK", 1, 8, "North West", NorthWest, "QOP", "01W", "NHS STOCKPORT CCG", "P88", "Q46", 29),
        T("WIGAN", "GREATER MANCHESTER", 53.5450, -2.6325, "WN", 1, 8, "North West", NorthWest, "QOP", "02H", "NHS WIGAN BOROUGH CCG", "P92", "Q46", 32),
        T("OLDHAM", "GREATER MANCHESTER", 53.5409, -2.1114, "OL", 1, 9, "North West", NorthWest, "QOP", "00Y", "NHS OLDHAM CCG", "P85", "Q46", 23),
        T("LIVERPOOL", "MERSEYSIDE", 53.4084, -2.9916, "L", 1, 39, "North West", NorthWest, "QYG", "99A", "NHS LIVERPOOL CCG", "N82", "Q48", 49),
        T("CHESTER", "CHESHIRE", 53.1934, -2.8931, "CH", 1, 4, "North West", NorthWest, "QYG", "02F", "NHS WEST CHESHIRE CCG", "N81", "Q44", 12),
        T("MACCLESFIELD", "CHESHIRE", 53.2587, -2.1270, "SK", 10, 11, "North West", NorthWest, "QYG", "01C", "NHS EASTERN CHESHIRE CCG", "N81", "Q44", 8),
        T("WARRINGTON", "CHESHIRE", 53.3900, -2.5970, "WA", 1, 5, "North West", NorthWest, "QYG", "02E", "NHS WARRINGTON CCG", "N81", "Q44", 21),
        T("PRESTON", "LANCASHIRE", 53.7632, -2.7031, "PR", 1, 5, "North West", NorthWest, "QE1", "01E", "NHS GREATER PRESTON CCG", "P81", "Q47", 14),
        T("BLACKPOOL", "LANCASHIRE", 53.8175, -3.0357, "FY", 1, 6, "North West", NorthWest, "QE1", "00R", "NHS BLACKPOOL CCG", "P81", "Q47", 14),
        T("BLACKBURN", "LANCASHIRE", 53.7480, -2.4822, "BB", 1, 6, "North West", NorthWest, "QE1", "00Q", "NHS BLACKBURN WITH DARWEN CCG", "P81", "Q47", 15),
        T("LANCASTER", "LANCASHIRE", 54.0466, -2.8007, "LA", 1, 2, "North West", NorthWest, "QE1", "01K", "NHS MORECAMBE BAY CCG", "P81", "Q47", 10),
        // Midlands
        T("BIRMINGHAM", "WEST MIDLANDS", 52.4862, -1.8904, "B", 1, 48, "West Midlands", Midlands, "QHL", "15E", "NHS BIRMINGHAM AND SOLIHULL CCG", "M85", "Q54", 114),
        T("COVENTRY", "WEST MIDLANDS", 52.4068, -1.5197, "CV", 1, 6, "West Midlands", Midlands, "QWU", "05A", "NHS COVENTRY AND RUGBY CCG", "M86", "Q53", 37),
        T("WOLVERHAMPTON", "WEST MIDLANDS", 52.5870, -2.1288, "WV", 1, 14, "West Midlands", Midlands, "QUA", "06A", "NHS WOLVERHAMPTON CCG", "M92", "Q54", 26),
        T("WALSALL", "WEST MIDLANDS", 52.5862, -1.9829, "WS", 1, 10, "West Midlands", Midlands, "QUA", "05Y", "NHS WALSALL CCG", "M91", "Q54", 28),
        T("DUDLEY", "WEST MIDLANDS", 52.5123, -2.0811, "DY", 1, 9, "West Midlands", Midlands, "QUA", "05C", "NHS DUDLEY CCG", "M87", "Q54", 32),
        T("STOKE-ON-TRENT", "STAFFORDSHIRE", 53.0027, -2.1794, "ST", 1, 8, "West Midlands", Midlands, "QNC", "05W", "NHS STOKE ON TRENT CCG", "M83", "Q60", 26),
        T("SHREWSBURY", "SHROPSHIRE", 52.7073, -2.7553, "SY", 1, 5, "West Midlands", Midlands, "QOC", "05N", "NHS SHROPSHIRE CCG", "M82", "Q60", 11),
        T("WORCESTER", "WORCESTERSHIRE", 52.1920, -2.2200, "WR", 1, 5, "West Midlands", Midlands, "QGH", "05T", "NHS SOUTH WORCESTERSHIRE CCG", "M81", "Q53", 10),
        T("HEREFORD", "HEREFORDSHIRE", 52.0565, -2.7160, "HR", 1, 4, "West Midlands", Midlands, "QGH", "05F", "NHS HEREFORDSHIRE CCG", "M81", "Q53", 6),
        T("NOTTINGHAM", "NOTTINGHAMSHIRE", 52.9548, -1.1581, "NG", 1, 11, "East Midlands", Midlands, "QT1", "04K", "NHS NOTTINGHAM CITY CCG", "C84", "Q55", 33),
        T("DERBY", "DERBYSHIRE", 52.9225, -1.4746, "DE", 1, 24, "East Midlands", Midlands, "QJ2", "15M", "NHS DERBY AND DERBYSHIRE CCG", "C81", "Q55", 26),
        T("LEICESTER", "LEICESTERSHIRE", 52.6369, -1.1398, "LE", 1, 5, "East Midlands", Midlands, "QK1", "04C", "NHS LEICESTER CITY CCG", "C82", "Q59", 35),
        T("LINCOLN", "LINCOLNSHIRE", 53.2307, -0.5406, "LN", 1, 6, "East Midlands", Midlands, "QJM", "04D", "NHS LINCOLNSHIRE WEST CCG", "C83", "Q59", 10),
        T("NORTHAMPTON", "NORTHAMPTONSHIRE", 52.2405, -0.9027, "NN", 1, 7, "East Midlands", Midlands, "QPM", "03V", "NHS NENE CCG", "K83", "Q58", 22),
        // East of England
        T("NORWICH", "NORFOLK", 52.6309, 1.2974, "NR", 1, 14, "East of England", East, "QMM", "06W", "NHS NORWICH CCG", "D82", "Q56", 14),
        T("IPSWICH", "SUFFOLK", 52.0567, 1.1482, "IP", 1, 5, "East of England", East, "QJG", "06L", "NHS IPSWICH AND EAST SUFFOLK CCG", "D83", "Q56", 14),
        T("CAMBRIDGE", "CAMBRIDGESHIRE", 52.2053, 0.1218, "CB", 1, 5, "East of England", East, "QUE", "06H", "NHS CAMBRIDGESHIRE AND PETERBOROUGH CCG", "D81", "Q56", 13),
        T("PETERBOROUGH", "CAMBRIDGESHIRE", 52.5695, -0.2405, "PE", 1, 7, "East of England", East, "QUE", "06H", "NHS CAMBRIDGESHIRE AND PETERBOROUGH CCG", "D81", "Q56", 20),
        T("CHELMSFORD", "ESSEX", 51.7356, 0.4685, "CM", 1, 3, "East of England", East, "QH8", "06Q", "NHS MID ESSEX CCG", "F81", "Q57", 18),
        T("COLCHESTER", "ESSEX", 51.8959, 0.8919, "CO", 1, 7, "East of England", East, "QJG", "06T", "NHS NORTH EAST ESSEX CCG", "F81", "Q57", 19),
        T("SOUTHEND-ON-SEA", "ESSEX", 51.5459, 0.7077, "SS", 0, 9, "East of England", East, "QH8", "99G", "NHS SOUTHEND CCG", "F81", "Q57", 18),
        T("LUTON", "BEDFORDSHIRE", 51.8787, -0.4200, "LU", 1, 4, "East of England", East, "QHG", "06P", "NHS LUTON CCG", "E81", "Q58", 21),
        T("BEDFORD", "BEDFORDSHIRE", 52.1360, -0.4667, "MK", 40, 45, "East of England", East, "QHG", "06F", "NHS BEDFORDSHIRE CCG", "E81", "Q58", 17),
        T("MILTON KEYNES", "BUCKINGHAMSHIRE", 52.0406, -0.7594, "MK", 1, 19, "East of England", East, "QHG", "04F", "NHS MILTON KEYNES CCG", "K82", "Q58", 26),
        T("WATFORD", "HERTFORDSHIRE", 51.6565, -0.3903, "WD", 17, 25, "East of England", East, "QM7", "06N", "NHS HERTS VALLEYS CCG", "E82", "Q58", 18),
        // London
        T("CAMDEN", "GREATER LONDON", 51.5290, -0.1255, "NW", 1, 11, "London", London, "QMJ", "07R", "NHS CAMDEN CCG", "F83", "Q71", 26),
        T("WESTMINSTER", "GREATER LONDON", 51.4975, -0.1357, "SW", 1, 20, "London", London, "QRV", "09A", "NHS CENTRAL LONDON (WESTMINSTER) CCG", "E87", "Q71", 25),
        T("EALING", "GREATER LONDON", 51.5130, -0.3089, "W", 3, 13, "London", London, "QRV", "07W", "NHS EALING CCG", "E85", "Q71", 34),
        T("CROYDON", "GREATER LONDON", 51.3762, -0.0982, "CR", 0, 8, "London", London, "QWE", "07V", "NHS CROYDON CCG", "H83", "Q71", 39),
        T("LEWISHAM", "GREATER LONDON", 51.4452, -0.0209, "SE", 4, 26, "London", London, "QKK", "08K", "NHS LEWISHAM CCG", "G85", "Q71", 30),
        T("TOWER HAMLETS", "GREATER LONDON", 51.5203, -0.0293, "E", 1, 16, "London", London, "QMF", "08V", "NHS TOWER HAMLETS CCG", "F84", "Q71", 32),
        T("BARNET", "GREATER LONDON", 51.6252, -0.1517, "N", 2, 20, "London", London, "QMJ", "07M", "NHS BARNET CCG", "E83", "Q71", 39),
        T("HARROW", "GREATER LONDON", 51.5806, -0.3420, "HA", 1, 9, "London", London, "QRV", "08E", "NHS HARROW CCG", "E84", "Q71", 25),
        T("ROMFORD", "GREATER LONDON", 51.5768, 0.1801, "RM", 1, 14, "London", London, "QMF", "08F", "NHS HAVERING CCG", "F82", "Q71", 26),
        T("KINGSTON UPON THAMES", "GREATER LONDON", 51.4123, -0.3007, "KT", 1, 9, "London", London, "QWE", "08J", "NHS KINGSTON CCG", "H84", "Q71", 18),
        T("ENFIELD", "GREATER LONDON", 51.6538, -0.0799, "EN", 1, 3, "London", London, "QMJ", "07X", "NHS ENFIELD CCG", "F85", "Q71", 33),
        // South East
        T("BRIGHTON", "EAST SUSSEX", 50.8225, -0.1372, "BN", 1, 3, "South East", SouthEast, "QNX", "09D", "NHS BRIGHTON AND HOVE CCG", "G81", "Q68", 29),
        T("CRAWLEY", "WEST SUSSEX", 51.1092, -0.1872, "RH", 10, 11, "South East", SouthEast, "QNX", "09H", "NHS CRAWLEY CCG", "H82", "Q68", 12),
        T("SOUTHAMPTON", "HAMPSHIRE", 50.9097, -1.4044, "SO", 14, 19, "South East", SouthEast, "QRL", "10X", "NHS SOUTHAMPTON CCG", "J82", "Q70", 25),
        T("PORTSMOUTH", "HAMPSHIRE", 50.8198, -1.0880, "PO", 1, 6, "South East", SouthEast, "QRL", "10R", "NHS PORTSMOUTH CCG", "J82", "Q70", 21),
        T("BASINGSTOKE", "HAMPSHIRE", 51.2665, -1.0924, "RG", 21, 24, "South East", SouthEast, "QRL", "10J", "NHS NORTH HAMPSHIRE CCG", "J82", "Q70", 11),
        T("OXFORD", "OXFORDSHIRE", 51.7520, -1.2577, "OX", 1, 4, "South East", SouthEast, "QU9", "10Q", "NHS OXFORDSHIRE CCG", "K84", "Q69", 16),
        T("READING", "BERKSHIRE", 51.4543, -0.9781, "RG", 1, 6, "South East", SouthEast, "QU9", "15A", "NHS BERKSHIRE WEST CCG", "K81", "Q69", 16),
        T("SLOUGH", "BERKSHIRE", 51.5105, -0.5950, "SL", 1, 3, "South East", SouthEast, "QU9", "10T", "NHS SLOUGH CCG", "K81", "Q69", 15),
        T("CANTERBURY", "KENT", 51.2802, 1.0789, "CT", 1, 6, "South East", SouthEast, "QKS", "09E", "NHS CANTERBURY AND COASTAL CCG", "G82", "Q67", 16),
        T("MAIDSTONE", "KENT", 51.2704, 0.5227, "ME", 14, 17, "South East", SouthEast, "QKS", "09W", "NHS WEST KENT CCG", "G82", "Q67", 17),
        T("GUILDFORD", "SURREY", 51.2362, -0.5704, "GU", 1, 5, "South East", SouthEast, "QXU", "09N", "NHS GUILDFORD AND WAVERLEY CCG", "H81", "Q68", 15),
        // South West
        T("BRISTOL", "BRISTOL", 51.4545, -2.5879, "BS", 1, 16, "South West", SouthWest, "QUY", "15C", "NHS BRISTOL, NORTH SOMERSET AND SOUTH GLOUCESTERSHIRE CCG", "L81", "Q65", 46),
        T("BATH", "SOMERSET", 51.3811, -2.3590, "BA", 1, 2, "South West", SouthWest, "QOX", "92G", "NHS BATH AND NORTH EAST SOMERSET CCG", "L81", "Q64", 9),
        T("SWINDON", "WILTSHIRE", 51.5558, -1.7797, "SN", 1, 5, "South West", SouthWest, "QOX", "12D", "NHS SWINDON CCG", "J83", "Q64", 22),
        T("GLOUCESTER", "GLOUCESTERSHIRE", 51.8642, -2.2382, "GL", 1, 4, "South West", SouthWest, "QR1", "11M", "NHS GLOUCESTERSHIRE CCG", "L84", "Q64", 13),
        T("CHELTENHAM", "GLOUCESTERSHIRE", 51.8994, -2.0783, "GL", 50, 53, "South West", SouthWest, "QR1", "11M", "NHS GLOUCESTERSHIRE CCG", "L84", "Q64", 12),
        T("TAUNTON", "SOMERSET", 51.0150, -3.1029, "TA", 1, 3, "South West", SouthWest, "QSL", "11X", "NHS SOMERSET CCG", "L85", "Q65", 7),
        T("EXETER", "DEVON", 50.7184, -3.5339, "EX", 1, 6, "South West", SouthWest, "QJK", "15N", "NHS DEVON CCG", "L83", "Q66", 13),
        T("PLYMOUTH", "DEVON", 50.3755, -4.1427, "PL", 1, 9, "South West", SouthWest, "QJK", "15N", "NHS DEVON CCG", "L83", "Q66", 26),
        T("TRURO", "CORNWALL", 50.2632, -5.0510, "TR", 1, 4, "South West", SouthWest, "QT6", "11N", "NHS KERNOW CCG", "L82", "Q66", 20),
        T("BOURNEMOUTH", "DORSET", 50.7192, -1.8808, "BH", 1, 11, "South West", SouthWest, "QVV", "11J", "NHS DORSET CCG", "J81", "Q70", 20),
    ];
}

/// <summary>Names of the NHS England area teams (2013–2017) used as the EPD <c>AREA_TEAM_*</c> sub-region.</summary>
internal static class AreaTeams
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["Q44"] = "CHESHIRE, WARRINGTON AND WIRRAL AREA",
        ["Q45"] = "DURHAM, DARLINGTON AND TEES AREA",
        ["Q46"] = "GREATER MANCHESTER AREA",
        ["Q47"] = "LANCASHIRE AREA",
        ["Q48"] = "MERSEYSIDE AREA",
        ["Q49"] = "CUMBRIA, NORTHUMBERLAND, TYNE AND WEAR AREA",
        ["Q50"] = "NORTH YORKSHIRE AND HUMBER AREA",
        ["Q51"] = "SOUTH YORKSHIRE AND BASSETLAW AREA",
        ["Q52"] = "WEST YORKSHIRE AREA",
        ["Q53"] = "ARDEN, HEREFORDSHIRE AND WORCESTERSHIRE AREA",
        ["Q54"] = "BIRMINGHAM AND THE BLACK COUNTRY AREA",
        ["Q55"] = "DERBYSHIRE AND NOTTINGHAMSHIRE AREA",
        ["Q56"] = "EAST ANGLIA AREA",
        ["Q57"] = "ESSEX AREA",
        ["Q58"] = "HERTFORDSHIRE AND THE SOUTH MIDLANDS AREA",
        ["Q59"] = "LEICESTERSHIRE AND LINCOLNSHIRE AREA",
        ["Q60"] = "SHROPSHIRE AND STAFFORDSHIRE AREA",
        ["Q64"] = "BATH, GLOUCESTERSHIRE, SWINDON AND WILTSHIRE AREA",
        ["Q65"] = "BRISTOL, NORTH SOMERSET, SOMERSET AND SOUTH GLOUCESTERSHIRE AREA",
        ["Q66"] = "DEVON, CORNWALL AND ISLES OF SCILLY AREA",
        ["Q67"] = "KENT AND MEDWAY AREA",
        ["Q68"] = "SURREY AND SUSSEX AREA",
        ["Q69"] = "THAMES VALLEY AREA",
        ["Q70"] = "WESSEX AREA",
        ["Q71"] = "LONDON AREA",
    };

    public static string NameOf(string code) => Names.TryGetValue(code, out var name) ? name : code + " AREA";
}
