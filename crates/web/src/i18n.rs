//! Every user-visible string of the app shell, in Korean and English, chosen from the browser and switchable.

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean (한국어).
    Ko,
}

impl Lang {
    /// The BCP 47 code, as used in `<html lang>` and in storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// Parse a code such as `ko`, `ko-KR` or `en-US`; anything not Korean is English.
    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// The other language (for the switch button).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ko,
            Lang::Ko => Lang::En,
        }
    }
}

/// A string of the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)] // the variant names say what they are
pub enum Key {
    AppTagline,
    Run,
    Pause,
    Step,
    Share,
    ShareHelp,
    LanguageSwitch,
    DarkTheme,
    LightTheme,
    Palette,
    PaletteHint,
    Networking,
    Database,
    Storage,
    EdgeDns,
    PaletteAdded,
    Compute,
    External,
    Canvas,
    CanvasHelp,
    Inspector,
    NothingSelected,
    SelectedAnnounce,
    Minimap,
    Properties,
    Mixed,
    NotSet,
    SelectedCount,
    CommonProperties,
    Metrics,
    MetricsIdle,
    EventLog,
    Kind,
    Id,
    Cidr,
    UsableAddresses,
    UsableAddressesNote,
    Subnet,
    PublicSubnet,
    PrivateSubnet,
    RouteTable,
    InstanceType,
    PrivateIp,
    SecurityGroups,
    Targets,
    LoadedExample,
    Moved,
    Linked,
    LinkTraffic,
    LinkAttachment,
    LinkReplication,
    Resized,
    MovedIntoSubnet,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    Name,
    Problems,
    NoProblems,
    Errors,
    Warnings,
    Reachability,
    From,
    To,
    Protocol,
    Port,
    Check,
    Clear,
    Reachable,
    NotReachable,
    SourceDestCheck,
    Remove,
    Destination,
    Source,
    Target,
    AddRoute,
    AddRule,
    Inbound,
    Outbound,
    Allow,
    Deny,
    SgNote,
    NaclNote,
    Undo,
    Redo,
    Deleted,
    Created,
    Undone,
    Redone,
    Edited,
    DropRefused,
    Examples,
    ReplaceDesign,
    Opened,
    File,
    NewDesign,
    ImportJson,
    ExportJson,
    ExportPng,
    ExportPngSelection,
    ExportSvg,
    MyDesigns,
    Rename,
    Duplicate,
    Delete,
    Untitled,
    RenamePrompt,
    DeleteConfirm,
    CopySuffix,
    Copied,
    Pasted,
    SimStarted,
    SimFinished,
    SimReset,
    SimEvent,
    StepHelp,
    StopHelp,
    Speed,
    ChartRequests,
    ChartLatency,
    ChartErrors,
    ChartInstances,
    ChartIops,
    ChartCost,
    Latency,
    Utilisation,
    Queue,
    SearchComponents,
    NoMatch,
    Shortcuts,
    ShortcutsTitle,
    Close,
    UpdateReady,
    UpdateReload,
}

/// A property's label: known names in both languages, else the JSON name in words.
pub fn property_name(lang: Lang, key: &str) -> String {
    let (en, ko) = match key {
        "instance_type" => ("Instance type", "인스턴스 유형"),
        "instance_class" => ("DB instance class", "DB 인스턴스 클래스"),
        "subnet" => ("Subnet", "서브넷"),
        "subnets" => ("Subnets", "서브넷"),
        "security_groups" => ("Security groups", "보안 그룹"),
        "targets" => ("Targets", "대상"),
        "type" => ("Type", "유형"),
        "scheme" => ("Scheme", "체계"),
        "algorithm" => ("Routing algorithm", "라우팅 알고리즘"),
        "cross_zone" => ("Cross-zone load balancing", "교차 영역 로드 밸런싱"),
        "public_ip" => ("Public IPv4", "퍼블릭 IPv4"),
        "private_ip" => ("Private IPv4", "프라이빗 IPv4"),
        "app" => ("Application (simulation)", "애플리케이션(시뮬레이션)"),
        "cpu_ms" => ("CPU per request, ms", "요청당 CPU, ms"),
        "static_cpu_ms" => ("CPU per static request, ms", "정적 요청당 CPU, ms"),
        "max_concurrency" => ("Max concurrent requests", "최대 동시 요청"),
        "timeout_ms" => ("Timeout, ms", "타임아웃, ms"),
        "port" => ("Port", "포트"),
        "ios_per_request" => ("EBS I/Os per request", "요청당 EBS I/O"),
        "io_kib" => ("I/O size, KiB", "I/O 크기, KiB"),
        "backend" => ("Backend", "백엔드"),
        "ebs" => ("EBS data volume", "EBS 데이터 볼륨"),
        "size_gib" => ("Size, GiB", "크기, GiB"),
        "iops" => ("Provisioned IOPS", "프로비저닝 IOPS"),
        "throughput_mibps" => ("Throughput, MiB/s", "처리량, MiB/s"),
        "source_dest_check" => ("Source/destination check", "소스/대상 확인"),
        "vpc" => ("VPC", "VPC"),
        "region" => ("Region", "리전"),
        "az" => ("Availability Zone", "가용 영역"),
        "code" => ("Region code", "리전 코드"),
        "zone" => ("Zone name", "영역 이름"),
        "cidr" => ("IPv4 CIDR", "IPv4 CIDR"),
        "secondary_cidrs" => ("Secondary CIDRs", "보조 CIDR"),
        "is_default" => ("Default VPC", "기본 VPC"),
        "route_table" => ("Route table", "라우팅 테이블"),
        "network_acl" => ("Network ACL", "네트워크 ACL"),
        "map_public_ip_on_launch" => ("Auto-assign public IPv4", "퍼블릭 IPv4 자동 할당"),
        "main" => ("Main route table", "기본 라우팅 테이블"),
        "default" => ("Default", "기본값"),
        "elastic_ip" => ("Elastic IP", "탄력적 IP"),
        "engine" => ("Engine", "엔진"),
        "multi_az" => ("Multi-AZ standby", "다중 AZ 대기"),
        "read_replicas" => ("Read replicas", "읽기 전용 복제본"),
        "read_ms" => ("CPU per read, ms", "읽기당 CPU, ms"),
        "write_ms" => ("CPU per write, ms", "쓰기당 CPU, ms"),
        "storage_gib" => ("Storage, GiB", "스토리지, GiB"),
        "prefixes" => ("Key prefixes", "키 접두사 수"),
        "stored_gib" => ("Data stored, GiB", "저장 데이터, GiB"),
        "origin" => ("Origin", "오리진"),
        "static_origin" => ("Origin for static objects", "정적 객체 오리진"),
        "default_ttl_s" => ("Default TTL, s", "기본 TTL, 초"),
        "record_name" => ("Record name", "레코드 이름"),
        "policy" => ("Routing policy", "라우팅 정책"),
        "ttl_s" => ("TTL, s", "TTL, 초"),
        "values" => ("Values", "값"),
        "requester" => ("Requester VPC", "요청자 VPC"),
        "accepter" => ("Accepter VPC", "수락자 VPC"),
        "vpn_gateway" => ("Virtual private gateway", "가상 프라이빗 게이트웨이"),
        "on_premises" => ("On-premises network", "온프레미스 네트워크"),
        other => return other.replace('_', " "),
    };
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
    .to_string()
}

/// The text of `key` in `lang`.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    let (en, ko) = match key {
        AppTagline => ("AWS architecture playground", "AWS 아키텍처 실습장"),
        Run => ("Run", "실행"),
        Pause => ("Pause", "일시 정지"),
        Step => ("Step", "한 단계"),
        Share => ("Share", "공유"),
        ShareHelp => (
            "Copy a link that opens this design (it travels in the link; nothing is uploaded)",
            "이 설계를 여는 링크 복사(설계는 링크 안에 담기며 업로드되지 않습니다)",
        ),
        LanguageSwitch => ("한국어", "English"),
        DarkTheme => ("Switch to the dark theme", "어두운 테마로 바꾸기"),
        LightTheme => ("Switch to the light theme", "밝은 테마로 바꾸기"),
        Palette => ("Components", "구성 요소"),
        PaletteHint => (
            "Drag a component onto the diagram: a VPC into a Region, a subnet into a VPC, an instance or NAT gateway into a subnet. Delete removes the selection; Ctrl+Z undoes.",
            "구성 요소를 다이어그램으로 끌어 놓으세요. VPC는 리전 안에, 서브넷은 VPC 안에, 인스턴스와 NAT 게이트웨이는 서브넷 안에 놓습니다. Delete로 선택 항목을 지우고 Ctrl+Z로 되돌립니다.",
        ),
        Networking => ("Networking", "네트워킹"),
        Compute => ("Compute", "컴퓨팅"),
        Database => ("Database", "데이터베이스"),
        Storage => ("Storage", "스토리지"),
        EdgeDns => ("Edge and DNS", "엣지 및 DNS"),
        PaletteAdded => (
            "Drag onto the canvas, or press Enter to add it to the selected container.",
            "캔버스로 끌어 놓거나, Enter를 눌러 선택한 컨테이너에 추가하세요.",
        ),
        External => ("Outside AWS", "AWS 외부"),
        Canvas => ("Architecture diagram", "아키텍처 다이어그램"),
        CanvasHelp => (
            "Drag empty space to pan, use the wheel to zoom, drag a component to move it, click to inspect it.",
            "빈 곳을 끌어 화면 이동, 휠로 확대/축소, 구성 요소를 끌어 옮기고 클릭하면 속성을 봅니다.",
        ),
        Inspector => ("Inspector", "속성"),
        NothingSelected => ("Select a component to see its settings.", "구성 요소를 선택하면 설정이 보입니다."),
        Properties => ("All properties", "모든 속성"),
        SelectedAnnounce => ("Selected", "선택됨"),
        Minimap => ("Minimap: click or drag to move the view", "미니맵: 클릭하거나 끌어서 보기를 옮깁니다"),
        Mixed => ("(mixed)", "(여러 값)"),
        NotSet => ("— not set —", "— 설정 안 함 —"),
        SelectedCount => ("elements selected", "개 요소 선택됨"),
        CommonProperties => (
            "Properties they share: a change applies to all of them.",
            "공통 속성: 바꾸면 모두에 적용됩니다.",
        ),
        Metrics => ("Metrics", "지표"),
        MetricsIdle => (
            "Press Run to simulate the design's traffic (the Reference web app example has some).",
            "실행을 누르면 설계의 트래픽을 시뮬레이션합니다(예제 '레퍼런스 웹 앱'에 트래픽이 있습니다).",
        ),
        EventLog => ("Event log", "이벤트 로그"),
        Kind => ("Kind", "종류"),
        Id => ("ID", "ID"),
        Cidr => ("CIDR block", "CIDR 블록"),
        UsableAddresses => ("Usable addresses", "사용 가능한 주소"),
        UsableAddressesNote => (
            "AWS reserves 5 addresses in every subnet: network, VPC router, DNS, future use, broadcast.",
            "AWS는 모든 서브넷에서 5개 주소(네트워크, VPC 라우터, DNS, 예약, 브로드캐스트)를 예약합니다.",
        ),
        Subnet => ("Subnet", "서브넷"),
        PublicSubnet => ("Public (0.0.0.0/0 → Internet gateway)", "퍼블릭 (0.0.0.0/0 → 인터넷 게이트웨이)"),
        PrivateSubnet => ("Private (no route to an Internet gateway)", "프라이빗 (인터넷 게이트웨이 경로 없음)"),
        RouteTable => ("Route table", "라우팅 테이블"),
        InstanceType => ("Instance type", "인스턴스 유형"),
        PrivateIp => ("Private IPv4", "프라이빗 IPv4"),
        SecurityGroups => ("Security groups", "보안 그룹"),
        Targets => ("Targets", "대상"),
        LoadedExample => ("Loaded example", "예제를 불러왔습니다"),
        Moved => ("Moved", "옮김"),
        Linked => ("Linked", "연결함"),
        LinkTraffic => ("traffic", "트래픽"),
        LinkAttachment => ("attachment", "연결(부착)"),
        LinkReplication => ("peering", "피어링"),
        Resized => ("Resized", "크기 조정"),
        MovedIntoSubnet => ("now in subnet", "서브넷 변경"),
        ZoomIn => ("Zoom in", "확대"),
        ZoomOut => ("Zoom out", "축소"),
        ZoomFit => ("Zoom to fit", "화면에 맞추기"),
        Name => ("Name", "이름"),
        Problems => ("Problems", "문제"),
        NoProblems => ("No problems: AWS would accept this design.", "문제 없음: AWS가 이 설계를 받아들입니다."),
        Errors => ("errors", "오류"),
        Warnings => ("warnings", "경고"),
        Reachability => ("Reachability", "도달성 분석"),
        From => ("From", "출발지"),
        To => ("To", "목적지"),
        Protocol => ("Protocol", "프로토콜"),
        Port => ("Port", "포트"),
        Check => ("Check", "확인"),
        Clear => ("Clear", "지우기"),
        Reachable => ("✓ Reachable", "✓ 도달 가능"),
        NotReachable => ("✗ Not reachable", "✗ 도달 불가"),
        SourceDestCheck => ("Source/dest. check", "소스/대상 확인"),
        Remove => ("Remove", "삭제"),
        Destination => ("Destination", "대상"),
        Source => ("Source", "소스"),
        Target => ("Target", "타깃"),
        AddRoute => ("+ Add route", "+ 경로 추가"),
        AddRule => ("+ Add rule", "+ 규칙 추가"),
        Inbound => ("Inbound", "인바운드"),
        Outbound => ("Outbound", "아웃바운드"),
        Allow => ("Allow", "허용"),
        Deny => ("Deny", "거부"),
        SgNote => (
            "Security groups are stateful and allow-only: return traffic is allowed automatically.",
            "보안 그룹은 상태 저장(stateful)이며 허용 규칙만 있습니다. 응답 트래픽은 자동으로 허용됩니다.",
        ),
        NaclNote => (
            "Network ACLs are stateless: the lowest-numbered matching rule decides, and return traffic to ephemeral ports needs its own rule.",
            "네트워크 ACL은 상태 비저장(stateless)입니다. 번호가 가장 낮은 일치 규칙이 결정하며, 임시 포트로 돌아오는 응답에도 규칙이 필요합니다.",
        ),
        Undo => ("Undo", "실행 취소"),
        Redo => ("Redo", "다시 실행"),
        Deleted => ("Deleted", "삭제함"),
        Created => ("Added", "추가함"),
        Undone => ("Undone", "실행 취소함"),
        Redone => ("Redone", "다시 실행함"),
        Edited => ("Edited", "수정함"),
        DropRefused => ("Not placed", "놓을 수 없음"),
        Examples => ("Examples…", "예제…"),
        Opened => ("Opened", "열었습니다"),
        File => ("File", "파일"),
        NewDesign => ("New design", "새 설계"),
        ImportJson => ("Import JSON…", "JSON 가져오기…"),
        ExportJson => ("Export JSON", "JSON 내보내기"),
        ExportPng => ("Export PNG", "PNG 내보내기"),
        ExportPngSelection => ("Export PNG of the selection", "선택 항목 PNG 내보내기"),
        ExportSvg => ("Export SVG", "SVG 내보내기"),
        MyDesigns => ("Designs in this browser", "이 브라우저의 설계"),
        Rename => ("Rename", "이름 바꾸기"),
        Duplicate => ("Duplicate", "복제"),
        Delete => ("Delete", "삭제"),
        Untitled => ("Untitled design", "제목 없는 설계"),
        RenamePrompt => ("Name of this design:", "이 설계의 이름:"),
        DeleteConfirm => (
            "Delete this design from this browser? This cannot be undone (export it first to keep a copy).",
            "이 브라우저에서 이 설계를 지울까요? 되돌릴 수 없습니다(보관하려면 먼저 내보내기).",
        ),
        CopySuffix => ("copy", "사본"),
        Copied => ("Copied", "복사함"),
        Pasted => ("Pasted", "붙여 넣음"),
        SimStarted => ("Simulation started", "시뮬레이션 시작"),
        SimFinished => ("Simulation finished", "시뮬레이션 완료"),
        SimReset => ("Design changed: simulation reset", "설계가 바뀌어 시뮬레이션을 초기화했습니다"),
        SimEvent => ("Simulation", "시뮬레이션"),
        StepHelp => ("Advance one simulated second", "시뮬레이션 시간 1초 진행"),
        StopHelp => ("Stop and reset the simulation", "시뮬레이션 중지 및 초기화"),
        Speed => ("Simulation speed", "시뮬레이션 속도"),
        ChartRequests => ("Requests", "요청"),
        ChartLatency => ("Latency p50 / p99", "지연 시간 p50 / p99"),
        ChartErrors => ("Errors", "오류"),
        ChartInstances => ("Instances serving", "서비스 중인 인스턴스"),
        ChartIops => ("EBS IOPS", "EBS IOPS"),
        ChartCost => ("Cost so far", "누적 비용"),
        Latency => ("Latency", "지연 시간"),
        Utilisation => ("Utilisation", "사용률"),
        Queue => ("Queue", "대기열"),
        SearchComponents => ("Search components", "구성 요소 검색"),
        NoMatch => ("No component matches.", "일치하는 구성 요소가 없습니다."),
        Shortcuts => ("Keyboard shortcuts (?)", "단축키 (?)"),
        ShortcutsTitle => ("Keyboard shortcuts", "단축키"),
        Close => ("Close", "닫기"),
        UpdateReady => ("A new version of Stratus is ready.", "새 버전의 Stratus가 준비되었습니다."),
        UpdateReload => ("Reload to update", "새로 고쳐 업데이트"),
        ReplaceDesign => (
            "Open this example in place of your current design? The current design will be replaced.",
            "현재 설계 대신 이 예제를 열까요? 현재 설계는 바뀝니다.",
        ),
    };
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}

/// The shortcuts sheet: (keys, what they do) in the given language.
pub fn shortcuts(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let rows: [(&str, &str, &str); 18] = [
        ("Ctrl+Z", "Undo", "실행 취소"),
        ("Ctrl+Shift+Z / Ctrl+Y", "Redo", "다시 실행"),
        (
            "Ctrl+C / Ctrl+X / Ctrl+V",
            "Copy, cut, paste (also between tabs)",
            "복사, 잘라내기, 붙여 넣기(탭 사이에서도)",
        ),
        ("Ctrl+D", "Duplicate the selection", "선택 항목 복제"),
        ("Ctrl+A", "Select everything", "모두 선택"),
        ("Delete / Backspace", "Delete the selection with its contents", "선택 항목과 그 안의 요소 삭제"),
        ("Shift+click", "Add to or remove from the selection", "선택에 추가하거나 빼기"),
        ("Shift+drag", "Select with a rectangle", "사각형으로 선택"),
        ("← ↑ → ↓ (Shift)", "Nudge by 1 (10)", "1(10)만큼 이동"),
        ("Alt+drag", "Move without snapping to the grid", "격자에 맞추지 않고 이동"),
        ("Space+drag / middle button", "Pan", "화면 이동"),
        ("Wheel", "Zoom about the pointer", "포인터 기준 확대/축소"),
        ("Escape", "Clear the selection, close this sheet", "선택 해제, 이 창 닫기"),
        ("?", "Show or hide this sheet", "이 창 보이기/숨기기"),
        ("] / [", "Select the next / previous element", "다음 / 이전 요소 선택"),
        ("Enter", "From the canvas to the selected element's settings", "캔버스에서 선택한 요소의 설정으로"),
        ("Drag the ● handle", "Link to another element", "● 핸들을 끌어 다른 요소에 연결"),
        ("Two fingers / Ctrl+wheel", "Pinch to zoom, move to pan", "두 손가락 / Ctrl+휠: 확대·축소, 이동"),
    ];
    rows.iter().map(|(k, en, ko)| (*k, if lang == Lang::Ko { *ko } else { *en })).collect()
}

/// The display name of a node kind (the JSON `kind`).
pub fn kind_name(lang: Lang, kind: &str) -> &'static str {
    let (en, ko) = match kind {
        "region" => ("Region", "리전"),
        "availability_zone" => ("Availability Zone", "가용 영역"),
        "vpc" => ("VPC", "VPC"),
        "subnet" => ("Subnet", "서브넷"),
        "route_table" => ("Route table", "라우팅 테이블"),
        "internet_gateway" => ("Internet gateway", "인터넷 게이트웨이"),
        "nat_gateway" => ("NAT gateway", "NAT 게이트웨이"),
        "security_group" => ("Security group", "보안 그룹"),
        "network_acl" => ("Network ACL", "네트워크 ACL"),
        "vpc_peering" => ("VPC peering", "VPC 피어링"),
        "instance" => ("EC2 instance", "EC2 인스턴스"),
        "load_balancer" => ("Load balancer", "로드 밸런서"),
        "internet" => ("Internet", "인터넷"),
        "on_premises" => ("On-premises network", "온프레미스 네트워크"),
        "vpn_gateway" => ("Virtual private gateway", "가상 프라이빗 게이트웨이"),
        "vpn_connection" => ("Site-to-Site VPN", "Site-to-Site VPN"),
        "direct_connect" => ("Direct Connect", "Direct Connect"),
        "rds_instance" => ("RDS DB instance", "RDS DB 인스턴스"),
        "s3_bucket" => ("S3 bucket", "S3 버킷"),
        "cloudfront_distribution" => ("CloudFront distribution", "CloudFront 배포"),
        "route53_record" => ("Route 53 record", "Route 53 레코드"),
        "auto_scaling_group" => ("Auto Scaling group", "Auto Scaling 그룹"),
        _ => ("Component", "구성 요소"),
    };
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_codes_pick_the_language() {
        for (code, lang) in
            [("ko", Lang::Ko), ("ko-KR", Lang::Ko), ("KO", Lang::Ko), ("en-US", Lang::En), ("ja", Lang::En)]
        {
            assert_eq!(Lang::from_code(code), lang, "{code}");
        }
    }

    #[test]
    fn korean_strings_are_korean() {
        // A Korean string must contain Hangul, unless it is an AWS proper name.
        for key in [Key::Run, Key::Inspector, Key::Metrics, Key::NothingSelected, Key::CanvasHelp] {
            assert!(tr(Lang::Ko, key).chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)), "{key:?}");
            assert_ne!(tr(Lang::Ko, key), tr(Lang::En, key));
        }
    }
}
