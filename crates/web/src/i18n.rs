//! Every user-visible string of the app shell, in Korean and English, chosen from the browser and switchable.

use std::cell::RefCell;

use engine::model::Kind;
use engine::msg::Catalogue;
use engine::{Msg, Text};

thread_local! {
    /// The message catalogue of the language on screen (`platform::messages` fetches it), and
    /// whether it holds the later part too.
    static CATALOGUE: RefCell<(Catalogue, bool)> = RefCell::new((Catalogue::default(), false));
}

/// Makes `c` the catalogue engine messages are rendered from; `later`: it holds
/// `messages/later/` too.
pub fn install(c: Catalogue, later: bool) {
    CATALOGUE.with(|cell| *cell.borrow_mut() = (c, later));
}

/// Whether the installed catalogue holds `messages/later/` too.
pub fn has_later() -> bool {
    CATALOGUE.with(|cell| cell.borrow().1)
}

/// The language whose catalogue is installed (empty before the first one arrives).
pub fn installed_lang() -> String {
    CATALOGUE.with(|cell| cell.borrow().0.lang.clone())
}

/// An engine message in the reader's language. `lang` is the language signal's value: reading
/// it keeps views reactive; the sentence comes from the installed catalogue, which a language
/// switch replaces before it changes the signal.
pub trait Say {
    /// The sentence.
    fn say(&self, lang: Lang) -> String;
}

thread_local! {
    /// Bumped when a catalogue arrives. A view that says an engine message tracks it (in
    /// `say`), so that only such views are drawn again: bumping the language instead redrew
    /// every view, and an inspector field being typed in lost its text when the catalogue
    /// fetched on the first touch came in.
    static ARRIVED: leptos::prelude::RwSignal<u64> = leptos::prelude::RwSignal::new(0);
}

/// A catalogue (or a part of one) is installed: every engine message on screen is said again.
pub fn catalogue_arrived() {
    use leptos::prelude::Update;
    ARRIVED.with(|t| t.update(|n| *n += 1));
}

impl Say for Msg {
    fn say(&self, _lang: Lang) -> String {
        use leptos::prelude::Track;
        ARRIVED.with(|t| t.track());
        CATALOGUE.with(|cell| self.render(&cell.borrow().0))
    }
}

/// Words shown later, in whatever language is on screen then: the app's own bilingual text,
/// or an engine message.
#[derive(Clone, Debug, PartialEq)]
pub enum Words {
    /// Text the app has in both languages.
    Text(Text),
    /// An engine message, rendered from the catalogue.
    Msg(Msg),
}

impl Say for Words {
    fn say(&self, lang: Lang) -> String {
        match self {
            Words::Text(t) => t.get(lang.code()).to_string(),
            Words::Msg(m) => m.say(lang),
        }
    }
}

#[cfg(test)]
impl Words {
    /// In English, from the engine's built-in catalogue (native tests).
    pub fn en(&self) -> String {
        match self {
            Words::Text(t) => t.en.clone(),
            Words::Msg(m) => m.en(),
        }
    }

    /// In Korean, from the engine's built-in catalogue (native tests).
    pub fn ko(&self) -> String {
        match self {
            Words::Text(t) => t.ko.clone(),
            Words::Msg(m) => m.ko(),
        }
    }
}

impl From<Text> for Words {
    fn from(t: Text) -> Words {
        Words::Text(t)
    }
}

impl From<Msg> for Words {
    fn from(m: Msg) -> Words {
        Words::Msg(m)
    }
}

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
    FromLinkNote,
    FromExampleNote,
    Views,
    PanelsDrawer,
    KeepLinked,
    KeptLinked,
    StopInstance,
    HibernateInstance,
    StartInstance,
    PromoteReplica,
    Break,
    BreakNote,
    BreakCrash,
    BreakImpaired,
    BreakSpot,
    BreakEbs,
    BreakAz,
    BreakRegion,
    BreakNat,
    BreakRds,
    BreakS3,
    BreakOrigin,
    BreakSpike,
    Repair,
    Timeline,
    Fault,
    Start,
    TimeToRecover,
    RequestsLost,
    Availability,
    NeverRecovered,
    SelectedAnnounce,
    Minimap,
    Properties,
    Mixed,
    NotSet,
    AddItem,
    SelectedCount,
    CommonProperties,
    Metrics,
    MetricsIdle,
    Users,
    UsersPaletteHint,
    UsersKind,
    UsersLocation,
    UsersCalls,
    UsersNotLinked,
    UsersRate,
    UsersPattern,
    PatternConstant,
    PatternRamp,
    PatternSpike,
    PatternDiurnal,
    RateRps,
    RateFrom,
    RateTo,
    RateOver,
    RateBase,
    RatePeak,
    RateAt,
    RateFor,
    RateMean,
    RateAmplitude,
    UsersMix,
    MixRead,
    MixStatic,
    MixObject,
    MixResponse,
    MixWrite,
    UsersPort,
    UsersAdded,
    Goals,
    GoalsHelp,
    GoalsSoFar,
    GoalsAllMet,
    GoalsMissed,
    GoalMet,
    GoalMissed,
    NoUsersOffer,
    NoEntryPoint,
    AddUsersAndRun,
    NotNow,
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
    Moved,
    Linked,
    LinkTraffic,
    LinkAttachment,
    LinkPeering,
    LinkDirectConnect,
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
    DeleteRefused,
    SgShort,
    NetworkObjects,
    NetworkObjectsNote,
    RouteTables,
    NetworkAcls,
    NewRouteTable,
    NewSecurityGroup,
    NewNetworkAcl,
    MainBadge,
    DefaultBadge,
    SubnetAssociations,
    SubnetAssociationsNote,
    SharedTableNote,
    CidrBlock,
    InVpc,
    CustomNaclNote,
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
    ThisTabSuffix,
    ForkedFromOtherTab,
    UpdatedFromOtherTab,
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
    EditTools,
    DocumentTitle,
    AllProtocols,
    Learn,
    LearnHelp,
    CourseMap,
    LessonsPassed,
    StageNotStarted,
    StageInProgress,
    StagePassed,
    ExportProgress,
    ImportProgress,
    ProgressImported,
    LessonIndexBroken,
    Lesson,
    Checklist,
    CheckNow,
    Checking,
    NotRunYet,
    ChooseAnswer,
    AnsweredWait,
    LockedChanged,
    LockedByLesson,
    ShowHint,
    AnotherHint,
    Hint,
    ShowSolution,
    NextStep,
    SolutionStep,
    SolutionDone,
    ResetLesson,
    NextLesson,
    CloseLesson,
    LessonPassed,
    CopyLessonEmbed,
    LessonEmbedCopied,
    CopyLessonLink,
    LessonLinkCopied,
    Question,
    FromLessonNote,
    MakeLesson,
}

/// A property's label: known names in both languages, else the JSON name in words.
pub fn property_name(lang: Lang, key: &str) -> String {
    match engine::names::property(key) {
        Some((en, ko)) => (if lang == Lang::En { en } else { ko }).to_string(),
        None => key.replace('_', " "),
    }
}

/// A property's label by its path: the last key's name, or a fuller one where the same key
/// means different things (a launch template's or a placement group's name).
pub fn field_label(lang: Lang, path: &[String]) -> String {
    // Record indices are skipped: `["policies", "0", "target"]` is a policy's target.
    let mut named = path.iter().rev().map(String::as_str).filter(|p| p.parse::<usize>().is_err());
    let key = path.last().map(String::as_str).unwrap_or_default();
    let (parent, key) = match key.parse::<usize>() {
        // A record's head: "Policy 2", "단계 1".
        Ok(i) => {
            let (en, ko) = match named.next().unwrap_or_default() {
                "policies" => ("Policy", "정책"),
                "steps" => ("Step", "단계"),
                _ => ("Value", "값"),
            };
            return format!("{} {}", if lang == Lang::En { en } else { ko }, i + 1);
        }
        Err(_) => (named.nth(1).unwrap_or_default(), key),
    };
    let (en, ko) = match (parent, key) {
        ("launch_template", "name") => ("Launch template name", "시작 템플릿 이름"),
        ("launch_template", "version") => ("Launch template version", "시작 템플릿 버전"),
        ("placement_group", "name") => ("Placement group name", "배치 그룹 이름"),
        ("policies", "policy") => ("Policy type", "정책 유형"),
        ("policies", "target") => ("Target value", "대상 값"),
        ("values", "target") => ("Route traffic to", "트래픽 라우팅 대상"),
        ("policies", "min") => ("Minimum", "최소"),
        ("policies", "max") => ("Maximum", "최대"),
        ("policies", "desired") => ("Desired", "원하는 용량"),
        _ => return property_name(lang, key),
    };
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
    .to_string()
}

/// How a fixed choice of the format (a JSON value) reads in a select: the value itself in
/// English, as the format spells it; in Korean, the AWS Korean console's name where it
/// translates one (AWS product and engine names stay as they are).
pub fn choice_name(lang: Lang, value: &str) -> &str {
    // As the AWS console names them, in each language; volume types and instance types
    // (gp3, t3.micro) read the same in both.
    let (en, ko) = match value {
        "alb" => ("Application Load Balancer", "Application Load Balancer"),
        "nlb" => ("Network Load Balancer", "Network Load Balancer"),
        "internet-facing" => ("Internet-facing", "인터넷 경계"),
        "internal" => ("Internal", "내부"),
        "round_robin" => ("Round robin", "라운드 로빈"),
        "least_outstanding_requests" => ("Least outstanding requests", "최소 미해결 요청"),
        "simple" => ("Simple routing", "단순 라우팅"),
        "weighted" => ("Weighted routing", "가중치 기반 라우팅"),
        "failover" => ("Failover routing", "장애 조치 라우팅"),
        "latency" => ("Latency-based routing", "지연 시간 기반 라우팅"),
        "true" => ("On", "켜기"),
        "false" => ("Off", "끄기"),
        "on_demand" => ("On-Demand", "온디맨드"),
        "reserved" => ("Reserved Instance", "예약 인스턴스"),
        "spot" => ("Spot", "스팟"),
        "dedicated" => ("Dedicated Instance", "전용 인스턴스"),
        // Scaling policy types, metrics and failover roles, as the console names them.
        "target_tracking" => ("Target tracking scaling", "대상 추적 조정"),
        "step" => ("Step scaling", "단계 조정"),
        "scheduled" => ("Scheduled action", "예약된 작업"),
        "cpu" => ("Average CPU utilization", "평균 CPU 사용률"),
        "alb_requests_per_target" => ("ALB request count per target", "대상당 ALB 요청 수"),
        "primary" => ("Primary", "기본"),
        "secondary" => ("Secondary", "보조"),
        "cluster" => ("Cluster", "클러스터"),
        "spread" => ("Spread", "분산"),
        "partition" => ("Partition", "파티션"),
        other => (other, other),
    };
    if lang == Lang::En {
        en
    } else {
        ko
    }
}

/// A design's name as the top bar shows it: a built-in example still under its own name
/// reads in the UI's language (a name the person gave is theirs, in any language).
pub fn design_name(lang: Lang, name: &str) -> &str {
    match engine::scenarios::EXAMPLES.iter().find(|(_, en, _)| *en == name) {
        Some((_, _, ko)) if lang == Lang::Ko => ko,
        _ => name,
    }
}

/// A fault's name in the fault table (the JSON name, `instance_crash`, in English).
pub fn fault_label(lang: Lang, fault: &str) -> &str {
    if lang == Lang::En {
        return fault;
    }
    match fault {
        "instance_crash" => "인스턴스 중단",
        "instance_impaired" => "앱 멈춤",
        "spot_interruption" => "스팟 중단",
        "ebs_degraded" => "EBS 볼륨 성능 저하",
        "az_outage" => "가용 영역 장애",
        "region_outage" => "리전 장애",
        "nat_gateway_failure" => "NAT 게이트웨이 장애",
        "rds_primary_failure" => "기본 DB 인스턴스 장애",
        "s3_throttling" => "S3 요청 제한",
        "cloudfront_origin_failure" => "CloudFront 오리진 장애",
        "traffic_spike" => "트래픽 급증",
        _ => "장애",
    }
}

/// The text of `key` in both languages (for a toast, which follows a language switch).
pub fn tr_text(key: Key) -> engine::Text {
    engine::Text::new(tr(Lang::En, key), tr(Lang::Ko, key))
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
        FromLinkNote => (
            "Opened from a link: not saved in this browser yet. Your saved designs are untouched.",
            "링크로 연 설계입니다. 아직 이 브라우저에 저장되지 않았고, 저장된 설계는 그대로입니다.",
        ),
        FromExampleNote => (
            "A built-in example: not saved in this browser until you change it or keep a copy.",
            "기본 예제입니다. 바꾸거나 사본을 저장하기 전에는 이 브라우저에 저장되지 않습니다.",
        ),
        KeepLinked => ("Keep a copy", "사본 저장"),
        Views => ("Views", "보기"),
        PanelsDrawer => ("Panels", "패널"),
        KeptLinked => ("Kept the design in this browser", "설계를 이 브라우저에 저장했습니다"),
        StopInstance => ("Stop", "중지"),
        HibernateInstance => ("Hibernate", "최대 절전"),
        StartInstance => ("Start", "시작"),
        PromoteReplica => ("Promote read replica", "읽기 전용 복제본 승격"),
        Break => ("Break it", "장애 내기"),
        BreakNote => ("Inject a fault into the running simulation and watch AWS heal it (or not).", "실행 중인 시뮬레이션에 장애를 넣고 AWS가 복구하는지(또는 못 하는지) 지켜보세요."),
        BreakCrash => ("Crash the instance", "인스턴스 중단"),
        BreakImpaired => ("Hang the app (fails ELB checks, passes EC2 checks)", "앱 멈춤 (ELB 확인 실패, EC2 확인 통과)"),
        BreakSpot => ("Spot interruption (2-minute notice)", "스팟 중단 (2분 전 알림)"),
        BreakEbs => ("Degrade the EBS volume", "EBS 볼륨 성능 저하"),
        BreakAz => ("Take the Availability Zone down", "가용 영역 장애"),
        BreakRegion => ("Take the Region down", "리전 장애"),
        BreakNat => ("Fail the NAT gateway", "NAT 게이트웨이 장애"),
        BreakRds => ("Fail the primary DB instance", "기본 DB 인스턴스 장애"),
        BreakS3 => ("Throttle the bucket (503 Slow Down)", "버킷 제한 (503 Slow Down)"),
        BreakOrigin => ("Fail the origin", "오리진 장애"),
        BreakSpike => ("Traffic spike ×5", "트래픽 급증 ×5"),
        Repair => ("Repair all", "모두 복구"),
        Timeline => ("Faults and recoveries", "장애와 복구"),
        Fault => ("Fault", "장애"),
        Start => ("Start", "시작"),
        TimeToRecover => ("Time to recover", "복구 시간"),
        RequestsLost => ("Requests lost", "잃은 요청"),
        Availability => ("Availability", "가용성"),
        NeverRecovered => ("not recovered", "복구 안 됨"),
        SelectedAnnounce => ("Selected", "선택됨"),
        Minimap => ("Minimap: click or drag to move the view", "미니맵: 클릭하거나 끌어서 보기를 옮깁니다"),
        Mixed => ("(mixed)", "(여러 값)"),
        NotSet => ("— not set —", "— 설정 안 함 —"),
        AddItem => ("+ add", "+ 추가"),
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
        Users => ("Users", "사용자"),
        UsersPaletteHint => ("Users on the Internet who send requests: drag onto the canvas, then link them to the entry point", "요청을 보내는 인터넷 사용자: 캔버스로 끌어 놓고 진입점에 연결하세요"),
        UsersKind => ("Users (client population)", "사용자(클라이언트 집단)"),
        UsersLocation => ("Where they are", "위치"),
        UsersCalls => ("Calls", "호출 대상"),
        UsersNotLinked => ("Not linked yet: drag the ● handle to a load balancer, CloudFront, Route 53 record, instance or bucket.", "아직 연결되지 않았습니다. ● 핸들을 로드 밸런서, CloudFront, Route 53 레코드, 인스턴스, 버킷으로 끄세요."),
        UsersRate => ("Request rate", "요청 속도"),
        UsersPattern => ("Pattern", "패턴"),
        PatternConstant => ("Constant", "일정"),
        PatternRamp => ("Ramp", "점진 증가"),
        PatternSpike => ("Spike", "급증"),
        PatternDiurnal => ("Daily cycle", "일간 주기"),
        RateRps => ("Requests/s", "초당 요청"),
        RateFrom => ("From, requests/s", "시작, 초당 요청"),
        RateTo => ("To, requests/s", "끝, 초당 요청"),
        RateOver => ("Over, s", "기간, 초"),
        RateBase => ("Base, requests/s", "기본, 초당 요청"),
        RatePeak => ("Peak, requests/s", "최고, 초당 요청"),
        RateAt => ("Starts at, s", "시작 시각, 초"),
        RateFor => ("Lasts, s", "지속, 초"),
        RateMean => ("Average, requests/s", "평균, 초당 요청"),
        RateAmplitude => ("Swing, 0-1", "변동 폭, 0-1"),
        UsersMix => ("Request mix", "요청 구성"),
        MixRead => ("Reads, %", "읽기, %"),
        MixStatic => ("Static objects among reads, %", "읽기 중 정적 객체, %"),
        MixObject => ("Static object size, KiB", "정적 객체 크기, KiB"),
        MixResponse => ("Dynamic response size, KiB", "동적 응답 크기, KiB"),
        MixWrite => ("Write body size, KiB", "쓰기 본문 크기, KiB"),
        UsersPort => ("Port", "포트"),
        UsersAdded => ("Users added", "사용자 추가함"),
        Goals => ("Goals", "목표"),
        GoalsHelp => ("What the design must achieve when it runs. Leave a field empty for no goal.", "실행할 때 설계가 달성해야 할 목표입니다. 목표가 없으면 칸을 비워 두세요."),
        GoalsSoFar => ("Goals · so far", "목표 · 지금까지"),
        GoalsAllMet => ("Goals met", "목표 달성"),
        GoalsMissed => ("Goals missed", "목표 미달"),
        GoalMet => ("met", "달성"),
        GoalMissed => ("missed", "미달"),
        NoUsersOffer => ("Nobody sends requests to this design yet. Add users who call its entry point, and run?", "아직 이 설계로 요청을 보내는 사용자가 없습니다. 진입점을 호출하는 사용자를 추가하고 실행할까요?"),
        NoEntryPoint => ("Nobody sends requests to this design, and nothing in it takes requests from the Internet yet: add an internet-facing load balancer, CloudFront, a Route 53 record or an instance with a public IP, then Users from the palette.", "이 설계에는 요청을 보내는 사용자도, 인터넷에서 요청을 받을 요소도 아직 없습니다. 인터넷 연결 로드 밸런서, CloudFront, Route 53 레코드나 퍼블릭 IP가 있는 인스턴스를 추가한 뒤 팔레트에서 사용자를 추가하세요."),
        AddUsersAndRun => ("Add users and run", "사용자 추가 후 실행"),
        NotNow => ("Not now", "나중에"),
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
        Moved => ("Moved", "옮김"),
        Linked => ("Linked", "연결함"),
        LinkTraffic => ("traffic", "트래픽"),
        LinkAttachment => ("attachment", "연결(부착)"),
        LinkPeering => ("peering", "피어링"),
        LinkDirectConnect => ("Direct Connect; the VPN stays as backup", "Direct Connect, VPN은 백업으로 유지"),
        LinkReplication => ("replication", "복제"),
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
        DeleteRefused => ("Not deleted", "삭제할 수 없음"),
        SgShort => ("SG", "SG"),
        NetworkObjects => ("Routing and firewalls", "라우팅과 방화벽"),
        NetworkObjectsNote => ("Select one to edit its rules and subnet associations; its Name field renames it.", "이름을 누르면 규칙과 서브넷 연결을 편집합니다. 이름 필드에서 이름을 바꿀 수 있습니다."),
        RouteTables => ("Route tables", "라우팅 테이블"),
        NetworkAcls => ("Network ACLs", "네트워크 ACL"),
        NewRouteTable => ("+ New route table", "+ 새 라우팅 테이블"),
        NewSecurityGroup => ("+ New security group", "+ 새 보안 그룹"),
        NewNetworkAcl => ("+ New network ACL", "+ 새 네트워크 ACL"),
        MainBadge => ("main", "기본"),
        DefaultBadge => ("default", "기본"),
        SubnetAssociations => ("Subnet associations", "서브넷 연결"),
        SubnetAssociationsNote => ("A subnet uses exactly one route table and one network ACL; a subnet without an association uses the main table and the default ACL.", "서브넷은 라우팅 테이블과 네트워크 ACL을 하나씩만 씁니다. 연결하지 않은 서브넷은 기본 라우팅 테이블과 기본 ACL을 씁니다."),
        SharedTableNote => ("Every subnet that uses this table gets these routes.", "이 테이블을 쓰는 모든 서브넷에 이 경로가 적용됩니다."),
        CidrBlock => ("CIDR block", "CIDR 블록"),
        InVpc => ("In VPC", "소속 VPC"),
        CustomNaclNote => ("A new network ACL denies all traffic until you add rules.", "새 네트워크 ACL은 규칙을 추가하기 전까지 모든 트래픽을 거부합니다."),
        Inbound => ("Inbound", "인바운드"),
        Outbound => ("Outbound", "아웃바운드"),
        Allow => ("Allow", "허용"),
        Deny => ("Deny", "거부"),
        SgNote => (
            "Security groups are stateful and allow-only: return traffic is allowed automatically.",
            "보안 그룹은 상태 저장 방식이며 허용 규칙만 있습니다. 응답 트래픽은 자동으로 허용됩니다.",
        ),
        NaclNote => (
            "Network ACLs are stateless: the lowest-numbered matching rule decides, and return traffic to ephemeral ports needs its own rule.",
            "네트워크 ACL은 상태 비저장 방식입니다. 번호가 가장 낮은 일치 규칙이 결정하며, 임시 포트로 돌아오는 응답에도 규칙이 필요합니다.",
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
        ImportJson => ("Import JSON (design or lesson)…", "JSON 가져오기(설계 또는 레슨)…"),
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
        ThisTabSuffix => ("this tab", "이 탭"),
        ForkedFromOtherTab => (
            "This design was changed in another tab at the same time. The other tab's version is kept as it was; yours is saved as a new design (see File).",
            "같은 설계가 다른 탭에서 동시에 바뀌었습니다. 다른 탭의 설계는 그대로 두고, 이 탭의 설계는 새 설계로 저장했습니다(파일 메뉴 참고).",
        ),
        UpdatedFromOtherTab => (
            "This design was changed in another tab: showing the latest version.",
            "이 설계가 다른 탭에서 바뀌어 최신 버전을 표시합니다.",
        ),
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
        EditTools => ("Edit", "편집"),
        DocumentTitle => ("Stratus — AWS architecture playground", "Stratus — AWS 아키텍처 실습장"),
        AllProtocols => ("ALL", "전체"),
        Learn => ("Learn", "학습"),
        LearnHelp => ("Lessons from the study notes: a design to fix, checked as you edit", "학습 노트의 레슨: 고칠 설계가 주어지고, 편집할 때마다 확인합니다"),
        CourseMap => ("Course", "학습 과정"),
        LessonsPassed => ("passed", "통과"),
        StageNotStarted => ("Not started", "시작 전"),
        StageInProgress => ("In progress", "진행 중"),
        StagePassed => ("Passed", "통과"),
        ExportProgress => ("Export progress", "진도 내보내기"),
        ImportProgress => ("Import progress", "진도 가져오기"),
        ProgressImported => ("Progress imported: lessons passed in the file are now marked passed here.", "진도를 가져왔습니다. 파일에서 통과한 레슨은 이제 여기서도 통과로 표시됩니다."),
        LessonIndexBroken => ("The list of lessons could not be read: reload the page to fetch it again.", "레슨 목록을 읽을 수 없습니다. 페이지를 새로 고쳐 다시 받으세요."),
        Lesson => ("Lesson", "레슨"),
        Checklist => ("Checklist", "확인 항목"),
        CheckNow => ("Check", "확인"),
        Checking => ("Running the simulation…", "시뮬레이션 실행 중…"),
        NotRunYet => ("Not run yet: press Check to simulate.", "아직 실행하지 않았습니다. 확인을 눌러 시뮬레이션하세요."),
        ChooseAnswer => ("Choose an answer, then press Check.", "답을 고른 뒤 확인을 누르세요."),
        AnsweredWait => ("Answered: press Check to see who was right.", "답했습니다. 확인을 눌러 누가 맞았는지 보세요."),
        LockedChanged => ("A locked element was changed: undo it", "잠긴 요소가 바뀌었습니다. 되돌리세요"),
        LockedByLesson => (
            "Locked by the lesson: part of the exercise's setting, not to be changed.",
            "레슨이 잠근 요소입니다. 실습의 전제이므로 바꿀 수 없습니다.",
        ),
        ShowHint => ("Show a hint", "힌트 보기"),
        AnotherHint => ("Another hint", "다음 힌트"),
        Hint => ("Hint", "힌트"),
        ShowSolution => ("Show solution", "풀이 보기"),
        NextStep => ("Next step", "다음 단계"),
        SolutionStep => ("Step", "단계"),
        SolutionDone => ("The whole solution is on the canvas: each step can be undone.", "풀이 전체가 캔버스에 있습니다. 각 단계는 되돌릴 수 있습니다."),
        ResetLesson => ("Reset", "처음으로"),
        NextLesson => ("Next lesson", "다음 레슨"),
        CloseLesson => ("Close the lesson", "레슨 닫기"),
        LessonPassed => ("Lesson passed", "레슨 통과"),
        CopyLessonEmbed => ("Copy lesson embed code", "레슨 임베드 코드 복사"),
        LessonEmbedCopied => ("Lesson embed code copied: paste it into your notes' HTML. The lesson plays in the frame and never touches the reader's saved work.", "레슨 임베드 코드를 복사했습니다. 노트의 HTML에 붙여 넣으세요. 레슨은 틀 안에서 진행되며 읽는 사람의 저장된 작업을 건드리지 않습니다."),
        CopyLessonLink => ("Copy lesson link", "레슨 링크 복사"),
        LessonLinkCopied => ("Lesson link copied: it opens this lesson in Stratus.", "레슨 링크를 복사했습니다. 이 링크는 Stratus에서 이 레슨을 엽니다."),
        Question => ("Question", "질문"),
        FromLessonNote => ("A lesson's design: not saved in this browser until you change it or keep a copy.", "레슨의 설계입니다. 바꾸거나 사본을 보관하기 전에는 이 브라우저에 저장되지 않습니다."),
        MakeLesson => ("Make a lesson from this design", "이 설계로 레슨 만들기"),
    };
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}

/// The shortcuts sheet: (keys, what they do) in the given language.
pub fn shortcuts(lang: Lang) -> Vec<(&'static str, &'static str)> {
    // (keys, keys in Korean, what in English, what in Korean): key caps stay as printed on
    // the keyboard; the gestures around them are words.
    let rows: [(&str, &str, &str, &str); 18] = [
        ("Ctrl+Z", "Ctrl+Z", "Undo", "실행 취소"),
        ("Ctrl+Shift+Z / Ctrl+Y", "Ctrl+Shift+Z / Ctrl+Y", "Redo", "다시 실행"),
        (
            "Ctrl+C / Ctrl+X / Ctrl+V",
            "Ctrl+C / Ctrl+X / Ctrl+V",
            "Copy, cut, paste (also between tabs)",
            "복사, 잘라내기, 붙여 넣기(탭 사이에서도)",
        ),
        ("Ctrl+D", "Ctrl+D", "Duplicate the selection", "선택 항목 복제"),
        ("Ctrl+A", "Ctrl+A", "Select everything", "모두 선택"),
        (
            "Delete / Backspace",
            "Delete / Backspace",
            "Delete the selection with its contents",
            "선택 항목과 그 안의 요소 삭제",
        ),
        ("Shift+click", "Shift+클릭", "Add to or remove from the selection", "선택에 추가하거나 빼기"),
        ("Shift+drag", "Shift+드래그", "Select with a rectangle", "사각형으로 선택"),
        ("← ↑ → ↓ (Shift)", "← ↑ → ↓ (Shift)", "Nudge by 1 (10)", "1(10)만큼 이동"),
        ("Alt+drag", "Alt+드래그", "Move without snapping to the grid", "격자에 맞추지 않고 이동"),
        ("Space+drag / middle button", "Space+드래그 / 가운데 버튼", "Pan", "화면 이동"),
        ("Wheel", "휠", "Zoom about the pointer", "포인터 기준 확대/축소"),
        ("Escape", "Escape", "Clear the selection, close this sheet", "선택 해제, 이 창 닫기"),
        ("?", "?", "Show or hide this sheet", "이 창 보이기/숨기기"),
        ("] / [", "] / [", "Select the next / previous element", "다음 / 이전 요소 선택"),
        ("Enter", "Enter", "From the canvas to the selected element's settings", "캔버스에서 선택한 요소의 설정으로"),
        ("Drag the ● handle", "● 핸들 드래그", "Link to another element", "다른 요소에 연결"),
        (
            "Two fingers / Ctrl+wheel",
            "두 손가락 / Ctrl+휠",
            "Pinch to zoom, move to pan",
            "오므리거나 벌려 확대/축소, 움직여 화면 이동",
        ),
    ];
    rows.iter().map(|(k, k_ko, en, ko)| if lang == Lang::Ko { (*k_ko, *ko) } else { (*k, *en) }).collect()
}

/// A goal's name in the checklist and the Goals editor (the JSON name in `goals`).
pub fn goal_name(lang: Lang, goal: &str) -> &'static str {
    let (en, ko) = match goal {
        "p50_ms" => ("Median latency (p50)", "지연 시간 중앙값(p50)"),
        "p95_ms" => ("Latency p95", "지연 시간 p95"),
        "p99_ms" => ("Latency p99", "지연 시간 p99"),
        "error_rate" => ("Error rate", "오류율"),
        "availability" => ("Availability", "가용성"),
        "cost_per_hour_usd" => ("Cost per hour", "시간당 비용"),
        "recovery_s" => ("Time to recover from a fault", "장애 복구 시간"),
        "requests_lost" => ("Requests lost per fault", "장애당 잃은 요청"),
        _ => ("Goal", "목표"),
    };
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}

/// The display name of a node kind.
pub fn kind_name(lang: Lang, kind: Kind) -> &'static str {
    let (en, ko) = engine::names::kind(kind);
    if lang == Lang::En {
        en
    } else {
        ko
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
    fn examples_fault_names_and_choices_read_in_korean() {
        let (_, en, ko) = engine::scenarios::EXAMPLES[0];
        assert_eq!(design_name(Lang::Ko, en), ko);
        assert_eq!(design_name(Lang::En, en), en);
        assert_eq!(design_name(Lang::Ko, "my design"), "my design");
        assert_eq!(fault_label(Lang::En, "az_outage"), "az_outage");
        assert_eq!(fault_label(Lang::Ko, "az_outage"), "가용 영역 장애");
        assert_eq!(choice_name(Lang::En, "internet-facing"), "Internet-facing");
        assert_eq!(choice_name(Lang::En, "on_demand"), "On-Demand");
        assert_eq!(choice_name(Lang::En, "gp3"), "gp3");
        assert_eq!(choice_name(Lang::Ko, "internet-facing"), "인터넷 경계");
        assert_eq!(
            field_label(Lang::Ko, &["timing".into(), "health_check_grace_period_s".into()]),
            "상태 확인 유예 기간, 초"
        );
        assert_eq!(field_label(Lang::Ko, &["launch_template".into(), "name".into()]), "시작 템플릿 이름");
        // The shortcut sheet's gestures are words in Korean; key caps stay as printed.
        for (keys, what) in shortcuts(Lang::Ko) {
            let latin: Vec<&str> = keys
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1)
                .filter(|w| !["Ctrl", "Shift", "Alt", "Delete", "Backspace", "Escape", "Enter", "Space"].contains(w))
                .collect();
            assert!(latin.is_empty(), "{keys}: {latin:?}");
            assert!(what.chars().any(|c| ('가'..='힣').contains(&c)), "{what}");
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
