//! The `stratus` binary as users and scripts run it: exit codes, text output and the JSON contract of docs/cli.md.

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn stratus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stratus")).args(args).output().expect("run stratus")
}

fn scenario(name: &str) -> String {
    format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str, text: &str) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Two overlapping subnets and a NAT gateway without an Elastic IP.
const BROKEN: &str = r#"{"format": 1, "nodes": [
  {"id": "r", "kind": "region", "code": "ap-northeast-2"},
  {"id": "az", "kind": "availability_zone", "region": "r", "zone": "ap-northeast-2a"},
  {"id": "vpc", "kind": "vpc", "region": "r", "cidr": "10.0.0.0/16"},
  {"id": "a", "kind": "subnet", "vpc": "vpc", "az": "az", "cidr": "10.0.0.0/24"},
  {"id": "b", "kind": "subnet", "vpc": "vpc", "az": "az", "cidr": "10.0.0.128/25"},
  {"id": "nat", "kind": "nat_gateway", "subnet": "a"}
]}"#;

#[test]
fn validate_clean_file_exits_0() {
    let out = stratus(&["validate", &scenario("two-tier.json")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("ok (0 errors"), "{}", text(&out.stdout));
}

#[test]
fn validate_json_shape() {
    let out = stratus(&["validate", "--json", &scenario("peering-non-transitive.json")]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["ok"], true);
    assert_eq!(v["errors"], 0);
    assert_eq!(v["warnings"], 2);
    assert_eq!(v["infos"], 0);
    assert!(v["file"].as_str().unwrap().ends_with("peering-non-transitive.json"));
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "Stratus.Route.PeeringDestinationOutsidePeer");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["target"], "rtb-a");
    for field in ["en", "ko"] {
        assert!(d["message"][field].is_string() && d["hint"][field].is_string());
    }
    assert!(d["source"].as_str().unwrap().starts_with("https://docs.aws.amazon.com/"));
    assert_eq!(v["subnets"][0]["usable"], 251);
}

#[test]
fn validate_errors_exit_1() {
    let file = temp("broken.json", BROKEN);
    let out = stratus(&["validate", "--json", &file]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["ok"], false);
    let codes: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"InvalidSubnet.Conflict") && codes.contains(&"MissingParameter"), "{codes:?}");
    let out = stratus(&["validate", "--lang", "ko", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("겹칩니다"), "{}", text(&out.stdout));
}

#[test]
fn unreadable_or_unparsable_input_exits_2_with_a_message() {
    let not_json = temp("not-json.json", "{\"format\": 1,\n \"nodes\": [oops]}");
    for args in [
        vec!["validate", "/no/such/file.json"],
        vec!["validate", &not_json],
        vec!["reach", &not_json, "--from", "a", "--to", "b", "--port", "1"],
    ] {
        let out = stratus(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(text(&out.stderr).starts_with("stratus: "), "{args:?}: {}", text(&out.stderr));
    }
    let out = stratus(&["validate", &not_json]);
    assert!(text(&out.stderr).contains("line 2"), "{}", text(&out.stderr));
}

#[test]
fn bad_arguments_exit_2_with_usage() {
    for args in [
        vec!["frobnicate"],
        vec!["validate"],
        vec!["validate", "a.json", "--nope"],
        vec!["reach", "a.json", "--from", "x"],
        vec!["reach", "a.json", "--from", "x", "--to", "y"],
        vec!["reach", "a.json", "--from", "x", "--to", "y", "--port", "http"],
    ] {
        let out = stratus(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("Usage:"), "{args:?}");
    }
}

/// `stratus run`: the reference web app meets its goals (exit 0) with the documented JSON;
/// a goal it cannot meet gives exit 1; a scenario without traffic exits 1 with a reason.
#[test]
fn run_reports_and_exits_by_goals() {
    let file = scenario("reference-web-app.json");
    let out = stratus(&["run", &file, "--duration", "20s", "--seed", "3", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc = json(&out);
    for key in
        ["file", "fingerprint", "requests", "latency_ms", "errors", "nodes", "cost", "goals", "goals_met", "little"]
    {
        assert!(doc.get(key).is_some(), "{key}");
    }
    assert_eq!(doc["requests"]["in_flight"], 0);
    assert_eq!(doc["duration_s"], 20.0);
    let again = json(&stratus(&["run", &file, "--duration", "20s", "--seed", "3", "--json"]));
    assert_eq!(doc["fingerprint"], again["fingerprint"], "same seed, same run");

    let strict = std::fs::read_to_string(&file).unwrap().replace("\"p99_ms\": 300", "\"p99_ms\": 1");
    let out = stratus(&["run", &temp("strict.json", &strict), "--duration", "5s"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("MISSED"), "{}", text(&out.stdout));

    let out = stratus(&["run", &scenario("two-tier.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no traffic"));
    assert!(out.stdout.is_empty());

    let out = stratus(&["run", &temp("bad.json", "{")]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bench_quick_prints_json() {
    let out = stratus(&["bench", "--quick"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc = json(&out);
    assert!(doc["mmc"]["events_per_s"].as_f64().unwrap() > 0.0);
    assert!(doc["reference_web_app"]["events"].as_u64().unwrap() > 0);
    // The scale part: one network resolution per simulation, and the fan-out in a few walks.
    assert_eq!(doc["scale"]["fleet"]["run"]["topology_builds"], 1);
    assert!(doc["scale"]["reach_fanout"]["walks"].as_u64().unwrap() <= 4);
}

#[test]
fn help_and_version_exit_0() {
    for args in [vec!["help"], vec!["--help"], vec![]] {
        let out = stratus(&args);
        assert_eq!(out.status.code(), Some(0));
        assert!(text(&out.stdout).contains("stratus reach FILE"));
    }
    assert!(text(&stratus(&["--version"]).stdout).starts_with("stratus "));
}

#[test]
fn reach_reachable_exits_0() {
    let file = scenario("two-tier.json");
    let out = stratus(&["reach", &file, "--from", "internet", "--to", "alb", "--port", "80"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("internet → alb tcp/80: REACHABLE"), "{t}");
    assert!(t.contains("response"), "{t}");
    let out =
        stratus(&["reach", &file, "--from", "internet", "--to", "alb", "--protocol", "tcp", "--port", "80", "--json"]);
    let v = json(&out);
    assert_eq!(v["status"], "reachable");
    assert_eq!(v["reachable"], true);
    assert_eq!((v["from"].as_str(), v["to"].as_str()), (Some("internet"), Some("alb")));
    assert_eq!(v["flow"]["protocol"], "tcp");
    assert_eq!(v["flow"]["port"], 80);
    assert_eq!(v["scenario_errors"], 0);
    let path = v["path"].as_array().unwrap();
    let hop = &path[1];
    for field in ["component", "kind", "direction", "leg", "detail"] {
        assert!(hop.get(field).is_some(), "{field}");
    }
    assert_eq!(hop["kind"], "internet_gateway");
    assert!(path.iter().any(|h| h["rule"]["type"] == "route"));
}

#[test]
fn reach_blocked_exits_1_and_names_the_rule() {
    let file = scenario("nacl-ephemeral.json");
    let out = stratus(&["reach", &file, "--from", "internet", "--to", "i-web", "--port", "80", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["status"], "not_reachable");
    assert_eq!(v["reachable"], false);
    assert_eq!(v["code"], "SUBNET_ACL_RESTRICTION");
    assert_eq!(v["blocked_at"]["component"], "acl-web");
    assert_eq!(v["blocked_at"]["leg"], "response");
    assert_eq!(v["blocked_at"]["rule"]["type"], "network_acl_rule");
    assert_eq!(v["blocked_at"]["rule"]["number"], 120);
    assert_eq!(v["blocked_at"]["rule"]["action"], "deny");
    assert!(v["explanation"]["ko"].as_str().unwrap().contains("임시 포트"));
    let out = stratus(&["reach", &file, "--from", "internet", "--to", "i-web", "--port", "80"]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out.stdout);
    assert!(t.contains("NOT REACHABLE [SUBNET_ACL_RESTRICTION]") && t.contains("✗") && t.contains("why:"), "{t}");
}

#[test]
fn reach_bad_ids_exit_2() {
    let file = scenario("two-tier.json");
    for (from, to, needle) in [("nobody", "alb", "nobody"), ("internet", "vpc-main", "vpc-main"), ("alb", "alb", "alb")]
    {
        let out = stratus(&["reach", &file, "--from", from, "--to", to, "--port", "80"]);
        assert_eq!(out.status.code(), Some(2), "{from} {to}");
        assert!(out.stdout.is_empty());
        assert!(text(&out.stderr).contains(needle));
    }
}

#[test]
fn reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stratus"))
        .args(["validate", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(BROKEN.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["file"], "-");
}

#[test]
fn client_ports_change_the_answer() {
    // The NACL of nacl-ephemeral.json denies every response port; a Linux-only range does
    // not help, but the answer then names the first Linux ephemeral port.
    let file = scenario("nacl-ephemeral.json");
    let out = stratus(&[
        "reach",
        &file,
        "--from",
        "internet",
        "--to",
        "i-web",
        "--port",
        "80",
        "--client-ports",
        "32768-61000",
        "--json",
    ]);
    let v = json(&out);
    assert_eq!(v["flow"]["client_ports"], "32768-61000");
    assert!(v["explanation"]["en"].as_str().unwrap().contains("port 32768"), "{}", v["explanation"]["en"]);
}

#[test]
fn link_prints_a_share_link_that_decodes_to_the_file() {
    let file = scenario("nacl-ephemeral.json");
    let out = stratus(&["link", &file, "--base", "https://example.test/stratus/?embed=1", "--view", "400,300,0.8"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let link = text(&out.stdout);
    let link = link.trim();
    assert!(link.starts_with("https://example.test/stratus/?embed=1#v1:"), "{link}");
    assert!(link.len() < 8 * 1024, "{} bytes", link.len());
    let shared = engine::share::decode(link).expect("decodes");
    let original = engine::Scenario::from_json(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(shared.scenario, original);
    assert_eq!(shared.view, Some(engine::share::View { x: 400.0, y: 300.0, zoom: 0.8 }));
    // Without --base: just the fragment, to append to wherever Stratus is hosted.
    let bare = stratus(&["link", &file]);
    assert!(text(&bare.stdout).starts_with("#v1:"));
}

#[test]
fn link_of_a_bad_file_exits_2_with_a_reason() {
    let bad = temp("link-bad.json", "{\"nodes\": []}");
    let out = stratus(&["link", &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("format"), "{}", text(&out.stderr));
}

/// `stratus run` on a fault scenario prints the fault report and the timeline, and exits 1
/// when the design does not heal (the health-check trap with EC2 checks) and 0 when it does.
#[test]
fn run_prints_the_fault_report_and_exits_by_recovery() {
    let out = stratus(&["run", &scenario("health-check-trap-ec2.json"), "--duration", "240s"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("fault     instance_impaired i-1 at 60 s: never recovered"), "{stdout}");
    assert!(stdout.contains("i-1 failed 2 of 2 health checks -> unhealthy"), "{stdout}");
    assert!(stdout.contains("goal      recovery_s ≤ 120") && stdout.contains("MISSED"), "{stdout}");

    let out = stratus(&["run", &scenario("health-check-trap-elb.json"), "--duration", "240s", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    let fault = &v["faults"][0];
    assert_eq!(fault["fault"], "instance_impaired");
    assert!(fault["time_to_recover_s"].as_f64().unwrap() <= 60.0, "{fault}");
    assert!(fault["requests_lost"].as_u64().unwrap() > 0);
    let timeline = v["timeline"].as_array().unwrap();
    assert!(timeline
        .iter()
        .any(|e| e["code"] == "AutoScaling.Unhealthy" && !e["message"]["ko"].as_str().unwrap().is_empty()));

    let ko = stratus(&["run", &scenario("health-check-trap-ec2.json"), "--duration", "120s", "--lang", "ko"]);
    assert!(text(&ko.stdout).contains("복구되지 않음"), "{}", text(&ko.stdout));
}

/// `stratus run` on the cluster placement group lesson: the search tier in one cluster
/// placement group meets its latency goals (exit 0); the same tier without the group misses
/// them (exit 1), and validation says why (an info diagnostic on each node).
#[test]
fn cluster_placement_group_meets_its_goals_and_without_it_misses_them() {
    let file = scenario("cluster-placement-group.json");
    let out = stratus(&["run", &file, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc = json(&out);
    assert_eq!(doc["goals_met"], true, "{}", doc["goals"]);
    let goals: Vec<&str> = doc["goals"].as_array().unwrap().iter().filter_map(|g| g["goal"].as_str()).collect();
    assert!(goals.contains(&"p50_ms") && goals.contains(&"p95_ms"), "{goals:?}");

    let text_of = std::fs::read_to_string(&file).unwrap();
    let without = text_of.replace(r#", "placement_group": {"name": "search", "strategy": "cluster"}"#, "");
    assert_ne!(without, text_of);
    let path = temp("no-placement-group.json", &without);
    let out = stratus(&["run", &path]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("p50_ms ≤ 17") && text(&out.stdout).contains("MISSED"), "{}", text(&out.stdout));
    let out = stratus(&["validate", "--json", &path]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["infos"], 4);
}

fn repro(name: &str) -> String {
    format!("{}/../../tests/fixtures/repro/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The 859-byte queue bomb: `validate` warns about both clamped values, `run` stops at its
/// event budget, says so in JSON and in text (both languages), and exits 1.
#[test]
fn the_queue_bomb_is_clamped_and_stops_at_its_event_budget() {
    let out = stratus(&["validate", "--json", &repro("oom-queue-bomb.json")]);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let v = json(&out);
    let codes: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(
        codes.contains(&"Stratus.Limit.MaxConcurrency") && codes.contains(&"Stratus.Limit.ServiceTime"),
        "{codes:?}"
    );

    let out = stratus(&["run", "--json", "--max-events", "500000", &repro("oom-queue-bomb.json")]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["stopped_early"]["reason"], "event_budget");
    assert_eq!(v["stopped_early"]["max_events"], 500_000);
    assert_eq!(v["events"], 500_000);
    assert!(v["nodes"][0]["queue_max"].as_u64().unwrap() <= 65_536);

    for (lang, word) in [("en", "Stopped early"), ("ko", "조기 중단")] {
        let out = stratus(&["run", "--lang", lang, "--max-events", "100000", &repro("oom-queue-bomb.json")]);
        assert_eq!(out.status.code(), Some(1));
        let stdout = text(&out.stdout);
        assert!(stdout.lines().nth(1).is_some_and(|l| l.starts_with("STOPPED") && l.contains(word)), "{stdout}");
    }
    // A run that ends has no such field.
    let out = stratus(&["run", "--json", "--duration", "2s", &scenario("cluster-placement-group.json")]);
    assert!(json(&out).get("stopped_early").is_none());
}

/// Durations that are not a finite number of seconds up to 30 days are errors (exit 2),
/// never a silent 60 s.
#[test]
fn run_refuses_durations_it_cannot_honour() {
    for d in ["1e308h", "NaN", "inf", "-5s", "100y", "721h"] {
        let out = stratus(&["run", "--duration", d, &scenario("two-tier.json")]);
        assert_eq!(out.status.code(), Some(2), "--duration {d}");
        assert!(text(&out.stderr).contains("--duration") || text(&out.stderr).contains("duration"), "{d}");
    }
}

/// /dev/zero and an endless standard input are refused after the size cap, not read
/// until memory runs out.
#[test]
fn endless_input_is_refused_at_the_size_cap() {
    if std::path::Path::new("/dev/zero").exists() {
        let out = stratus(&["validate", "/dev/zero"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("8388608-byte limit"), "{}", text(&out.stderr));
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_stratus"))
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Writes until stratus stops reading and closes the pipe; never more than 64 MiB.
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 1 << 16];
        for _ in 0..1024 {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("8388608-byte limit"), "{}", text(&out.stderr));
    // A regular file over the cap is refused by its size before it is read.
    let big = temp("big.json", &" ".repeat(engine_cap() + 1));
    let out = stratus(&["validate", &big]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(&format!("{} bytes", engine_cap() + 1)), "{}", text(&out.stderr));
}

fn engine_cap() -> usize {
    engine::model::MAX_DOCUMENT_BYTES
}

/// Ids and names with terminal escapes, carriage returns or line breaks are printed escaped:
/// they cannot erase a line or print a fake "ok".
#[test]
fn text_output_escapes_control_characters_in_ids_and_names() {
    let evil = "x\u{1b}[2K\r\nfake.json: ok (0 errors)";
    let doc = serde_json::json!({"format": 1, "name": evil, "nodes": [
        {"id": "r", "kind": "region", "code": "ap-northeast-2"},
        {"id": evil, "kind": "vpc", "region": "r", "cidr": "10.0.0.0/8"}
    ], "traffic": [{"name": evil, "target": evil}], "simulation": {"duration_s": 1}});
    let file = temp("evil.json", &doc.to_string());
    for args in [
        vec!["validate"],
        vec!["validate", "--lang", "ko"],
        vec!["run"],
        vec!["reach", "--from", "r", "--to", evil, "--port", "1"],
    ] {
        let mut all = args.clone();
        all.push(&file);
        let out = stratus(&all);
        for stream in [&out.stdout, &out.stderr] {
            let t = text(stream);
            assert!(!t.contains('\u{1b}') && !t.contains('\r'), "{args:?}: {t:?}");
            assert!(!t.lines().any(|l| l.starts_with("fake.json")), "{args:?}: {t}");
        }
    }
}

/// `stratus lesson list` names every built-in lesson, in text and JSON (docs/cli.md).
#[test]
fn lesson_list_names_every_lesson() {
    let out = stratus(&["lesson", "list", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows = json(&out);
    let ids: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    let built: Vec<&str> = engine::lesson::BUILT_IN.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, built);
    for r in rows.as_array().unwrap() {
        assert!(r["section"].is_string() && r["title"]["en"].is_string() && r["title"]["ko"].is_string(), "{r}");
    }
    let ko = text(&stratus(&["lesson", "list", "--lang", "ko"]).stdout);
    assert!(ko.contains("응답에도 규칙이 필요하다"), "{ko}");
}

/// For every lesson the start fails (exit 1, failing checks named with a reason) and the
/// replayed solution passes (exit 0), as the engine's own test says natively.
#[test]
fn lesson_check_fails_the_start_and_passes_the_solution_of_every_lesson() {
    for (id, _) in engine::lesson::BUILT_IN {
        let start = stratus(&["lesson", "check", id, "--json"]);
        assert_eq!(start.status.code(), Some(1), "{id}: {}", text(&start.stderr));
        let g = json(&start);
        assert_eq!(g["lesson"], *id);
        assert_eq!(g["design"], "start");
        assert_eq!(g["passed"], false);
        let failing: Vec<&Value> = g["checks"].as_array().unwrap().iter().filter(|c| c["status"] != "passed").collect();
        assert!(!failing.is_empty(), "{id}");
        for c in failing {
            assert!(c["id"].is_string() && c["reason"]["en"].as_str().is_some_and(|r| !r.is_empty()), "{id}: {c}");
        }
        let done = stratus(&["lesson", "check", id, "--solution"]);
        assert_eq!(done.status.code(), Some(0), "{id}: {}", text(&done.stdout));
        assert!(text(&done.stdout).contains("every check passed"), "{id}");
    }
}

/// Questions: unanswered is "needs an answer" (exit 1), a wrong key fails, the right one passes;
/// a bad `--answer` is bad input (exit 2).
#[test]
fn lesson_check_grades_answers() {
    let status_of = |args: &[&str]| {
        let out = stratus(args);
        let g = json(&out);
        let guess = g["checks"].as_array().unwrap().iter().find(|c| c["id"] == "guess").unwrap()["status"].clone();
        (out.status.code(), guess)
    };
    let l = "nacl-ephemeral-ports";
    assert_eq!(status_of(&["lesson", "check", l, "--json"]), (Some(1), "needs_answer".into()));
    assert_eq!(status_of(&["lesson", "check", l, "--json", "--answer", "a"]), (Some(1), "failed".into()));
    assert_eq!(status_of(&["lesson", "check", l, "--json", "--answer=guess=b"]), (Some(1), "passed".into()));
    assert_eq!(status_of(&["lesson", "check", l, "--json", "--solution", "--answer", "c"]), (Some(1), "failed".into()));
    let ask = text(&stratus(&["lesson", "check", l]).stdout);
    assert!(ask.contains("ASK") && ask.contains("--answer guess=b"), "{ask}");
    for bad in [vec!["--answer", "nope=a"], vec!["--answer", "=a"]] {
        let mut args = vec!["lesson", "check", l];
        args.extend(bad);
        let out = stratus(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
    let no_question = stratus(&["lesson", "check", "rds-multi-az", "--answer", "a", "--lang", "ko"]);
    assert_eq!(no_question.status.code(), Some(2));
    assert!(text(&no_question.stderr).contains("질문이 없습니다"), "{}", text(&no_question.stderr));
}

/// A design from a file is graded; unreadable input of any kind is exit 2 with a message.
#[test]
fn lesson_check_grades_a_file_and_refuses_bad_input() {
    let out =
        stratus(&["lesson", "check", "security-group-open-https", "--design", &scenario("first-web-server.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("FAIL  https"), "{}", text(&out.stdout));
    // The solution written to a file passes like --solution.
    let lesson = engine::lesson::built_in("security-group-open-https").unwrap();
    let solved = temp("solved.json", &lesson.solution_design().unwrap().to_json());
    assert_eq!(stratus(&["lesson", "check", "security-group-open-https", "--design", &solved]).status.code(), Some(0));

    // Passing with a locked element changed is not passing.
    let mut cheat = serde_json::to_value(lesson.solution_design().unwrap()).unwrap();
    cheat["nodes"].as_array_mut().unwrap().iter_mut().find(|n| n["id"] == "i-web").unwrap()["name"] = "renamed".into();
    let cheat = temp("cheat.json", &cheat.to_string());
    let out = stratus(&["lesson", "check", "security-group-open-https", "--design", &cheat, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["changed_locked"], serde_json::json!(["i-web"]));
    let out = stratus(&["lesson", "check", "security-group-open-https", "--design", &cheat]);
    assert!(text(&out.stdout).contains("FAIL  locked elements were changed: i-web"), "{}", text(&out.stdout));

    let bad_lesson = temp("bad-lesson.json", r#"{"format": 1, "id": "x", "titel": {}}"#);
    let cases: Vec<Vec<&str>> = vec![
        vec!["lesson", "check", "no-such-lesson"],
        vec!["lesson", "check", &bad_lesson],
        vec!["lesson", "check", "/nonexistent/lesson.json"],
        vec!["lesson", "check", "alb-two-azs", "--design", "/nonexistent.json"],
        vec!["lesson", "check", "alb-two-azs", "--design", &solved, "--solution"],
        vec!["lesson", "check"],
        vec!["lesson", "grade", "alb-two-azs"],
        vec!["validate", "--solution", &solved],
    ];
    for args in cases {
        let out = stratus(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(text(&out.stderr).starts_with("stratus: "), "{args:?}");
    }
    let out = stratus(&["lesson", "check", &bad_lesson, "--lang", "ko"]);
    assert!(text(&out.stderr).contains("titel") && text(&out.stderr).contains("레슨"), "{}", text(&out.stderr));
}
