//! A design's analysis in the worker: its diagnostics (engine::validate) and the answer to one reachability question (engine::net::reach), so that the page's first load carries neither the rules nor the packet walk.
//!
//! The page sends `Command::Analyze` after each change of the design (or of the question)
//! and keeps the answer whose `seq` is the latest; both sides read and write the JSON here,
//! through `serde_json::Value` on the page's side (a derived reader per type would cost its
//! bundle a copy of the decoding code).

use engine::model::{NodeId, Scenario};
use engine::net::{Flow, Reachability};
use engine::validate::Diagnostic;
use engine::Msg;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A reachability question: from, to, protocol and port.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Source element.
    pub from: NodeId,
    /// Destination element.
    pub to: NodeId,
    /// Protocol and port.
    pub flow: Flow,
}

/// What the page sends with `Command::Analyze`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalyseRequest {
    /// The design, as the text of a scenario document.
    pub design: String,
    /// The question asked in the Reachability panel, if any.
    #[serde(default)]
    pub question: Option<Question>,
}

/// One component a packet met, as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The node (for implicit components, the VPC they belong to).
    pub component: NodeId,
    /// On the request leg (else the response's).
    pub request: bool,
    /// What happens there, for people.
    pub detail: Msg,
}

/// A reachability answer, as much of it as the page shows (`engine::net::Reachability`
/// without the rules and kinds, which only the command line prints): the page then reads
/// it without the decoders of the whole answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Walk {
    /// Request and response both get through.
    pub reachable: bool,
    /// The hops passed (for a blocked path, those before the blocking one).
    pub path: Vec<Step>,
    /// The component that drops the packet, its explanation code and why.
    pub blocked: Option<(Step, String, Msg)>,
}

impl From<&Reachability> for Walk {
    fn from(r: &Reachability) -> Walk {
        let step = |h: &engine::net::Hop| Step {
            component: h.component.clone(),
            request: h.leg == engine::net::Leg::Request,
            detail: h.detail.clone(),
        };
        Walk {
            reachable: r.is_reachable(),
            path: r.path().iter().map(step).collect(),
            blocked: match r {
                Reachability::Reachable { .. } => None,
                Reachability::NotReachable { blocked_at, code, explanation, .. } => {
                    Some((step(blocked_at), code.clone(), explanation.clone()))
                }
            },
        }
    }
}

impl Step {
    fn to_value(&self) -> Value {
        json!([self.component.0, self.request, self.detail])
    }

    fn from_value(v: &Value) -> Option<Step> {
        let a = v.as_array()?;
        Some(Step {
            component: NodeId(a.first()?.as_str()?.to_string()),
            request: a.get(1)?.as_bool()?,
            detail: serde_json::from_value(a.get(2)?.clone()).ok()?,
        })
    }
}

impl Walk {
    fn to_value(&self) -> Value {
        let path: Vec<Value> = self.path.iter().map(Step::to_value).collect();
        let blocked = self.blocked.as_ref().map(|(s, code, why)| json!([s.to_value(), code, why]));
        json!({ "reachable": self.reachable, "path": path, "blocked": blocked })
    }

    fn from_value(v: &Value) -> Option<Walk> {
        let path = v.get("path")?.as_array()?.iter().map(Step::from_value).collect::<Option<Vec<_>>>()?;
        let blocked = match v.get("blocked")? {
            Value::Null => None,
            b => {
                let b = b.as_array()?;
                let why = serde_json::from_value(b.get(2)?.clone()).ok()?;
                Some((Step::from_value(b.first()?)?, b.get(1)?.as_str()?.to_string(), why))
            }
        };
        Some(Walk { reachable: v.get("reachable")?.as_bool()?, path, blocked })
    }
}

/// The worker's answer: the design's diagnostics and, if a question was asked, its answer
/// or why it cannot be asked.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// The request's number (the page drops answers to older ones).
    pub seq: u32,
    /// What engine::validate found, in its order.
    pub diagnostics: Vec<Diagnostic>,
    /// The question's answer.
    pub reach: Option<Result<Walk, Msg>>,
    /// The design could not be read (never from the page's own designs; a bug otherwise).
    pub refused: Option<Msg>,
}

/// A question as JSON, through `serde_json::Value` (the page's side: a derived writer would
/// cost its bundle a copy of the code).
pub fn question_json(q: &Question) -> Value {
    json!({ "from": q.from.0, "to": q.to.0, "flow": serde_json::to_value(q.flow).unwrap_or(Value::Null) })
}

impl AnalyseRequest {
    /// As JSON, through `serde_json::Value` (the page's side).
    pub fn to_json(&self) -> String {
        let question = self.question.as_ref().map(question_json);
        json!({ "design": self.design, "question": question }).to_string()
    }
}

/// Analyse the design of `request` (AnalyseRequest JSON). Never panics: a request that
/// cannot be read is answered with `refused` and no diagnostics.
pub fn analyse(seq: u32, request: &str) -> Analysis {
    let refuse = |why: Msg| Analysis { seq, diagnostics: Vec::new(), reach: None, refused: Some(why) };
    let request: AnalyseRequest = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => return refuse(engine::msg!("worker.bad_analysis_request", error = e)),
    };
    let design = match Scenario::from_json(&request.design) {
        Ok(s) => s,
        Err(e) => return refuse(e.message()),
    };
    let diagnostics = engine::validate(&design);
    let reach = request
        .question
        .map(|q| engine::net::reach(&design, &q.from, &q.to, q.flow).map(|r| Walk::from(&r)).map_err(|e| e.message()));
    Analysis { seq, diagnostics, reach, refused: None }
}

impl Analysis {
    /// As the JSON of a `Reply::Result`: `{"analysis": {...}}`.
    pub fn to_json(&self) -> String {
        let reach = match &self.reach {
            None => Value::Null,
            Some(Ok(r)) => json!({ "ok": r.to_value() }),
            Some(Err(why)) => json!({ "err": why }),
        };
        json!({ "analysis": {
            "seq": self.seq,
            "diagnostics": self.diagnostics,
            "reach": reach,
            "refused": self.refused,
        }})
        .to_string()
    }

    /// Read an answer back (the page's side); `None` for anything that is not one.
    pub fn from_json(text: &str) -> Option<Analysis> {
        let v: Value = serde_json::from_str(text).ok()?;
        Analysis::from_value(v.get("analysis")?)
    }

    /// Read the inside of `{"analysis": ...}`.
    pub fn from_value(a: &Value) -> Option<Analysis> {
        let msg = |v: &Value| serde_json::from_value::<Msg>(v.clone()).ok();
        let diagnostics = a
            .get("diagnostics")?
            .as_array()?
            .iter()
            .map(|d| serde_json::from_value::<Diagnostic>(d.clone()).ok())
            .collect::<Option<Vec<_>>>()?;
        let reach = match a.get("reach") {
            None | Some(Value::Null) => None,
            Some(r) => Some(match (r.get("ok"), r.get("err")) {
                (Some(ok), _) => Ok(Walk::from_value(ok)?),
                (None, Some(err)) => Err(msg(err)?),
                (None, None) => return None,
            }),
        };
        let refused = match a.get("refused") {
            None | Some(Value::Null) => None,
            Some(why) => Some(msg(why)?),
        };
        Some(Analysis { seq: a.get("seq")?.as_u64()? as u32, diagnostics, reach, refused })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in(name: &str) -> &'static str {
        engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == name).unwrap().1
    }

    fn request(design: &str, question: Option<Question>) -> String {
        AnalyseRequest { design: design.into(), question }.to_json()
    }

    #[test]
    fn the_answer_is_the_engines_and_reads_back() {
        for (name, text) in engine::scenarios::BUILT_IN {
            let s = Scenario::from_json(text).unwrap();
            let a = analyse(3, &request(&s.to_json(), None));
            assert_eq!(a.diagnostics, engine::validate(&s), "{name}");
            assert_eq!((a.seq, a.reach.is_none(), a.refused.is_none()), (3, true, true), "{name}");
            assert_eq!(Analysis::from_json(&a.to_json()), Some(a), "{name}");
        }
    }

    #[test]
    fn a_question_is_answered_as_reach_answers_it() {
        let s = Scenario::from_json(built_in("peering-non-transitive")).unwrap();
        let ids: Vec<NodeId> =
            s.nodes.iter().filter(|n| engine::net::is_endpoint(&n.spec)).map(|n| n.id.clone()).collect();
        assert!(ids.len() >= 2);
        let mut blocked = 0;
        for from in &ids {
            for to in &ids {
                let q = Question { from: from.clone(), to: to.clone(), flow: Flow::tcp(22) };
                let a = analyse(1, &request(&s.to_json(), Some(q)));
                let want = engine::net::reach(&s, from, to, Flow::tcp(22));
                blocked += usize::from(matches!(want, Ok(Reachability::NotReachable { .. })));
                let want = want.map(|r| Walk::from(&r)).map_err(|e| e.message());
                assert_eq!(a.reach.as_ref(), Some(&want), "{from} -> {to}");
                assert_eq!(Analysis::from_json(&a.to_json()), Some(a));
            }
        }
        assert!(blocked > 0, "the example has a blocked pair (peering is not transitive)");
        let unknown = Question { from: NodeId("nope".into()), to: ids[0].clone(), flow: Flow::tcp(80) };
        let a = analyse(2, &request(&s.to_json(), Some(unknown)));
        assert!(matches!(a.reach, Some(Err(_))), "{:?}", a.reach);
        assert_eq!(Analysis::from_json(&a.to_json()), Some(a));
    }

    #[test]
    fn a_small_request_is_read() {
        // The fuzz seed of xtask/src/fuzz.rs (ANALYZE_SEED): read, and its question answered.
        let seed = r#"{"design":"{\"format\":1,\"name\":\"a\",\"nodes\":[{\"id\":\"r\",\"kind\":\"region\",\"code\":\"us-east-1\"},{\"id\":\"v\",\"kind\":\"vpc\",\"region\":\"r\",\"cidr\":\"10.0.0.0/16\"}]}","question":{"from":"v","to":"r","flow":{"protocol":"tcp","port":80}}}"#;
        let a = analyse(5, seed);
        assert!(a.refused.is_none(), "{:?}", a.refused);
        assert!(a.reach.is_some());
    }

    #[test]
    fn hostile_requests_are_refused_not_fatal() {
        for bad in ["", "{", "null", "[]", "{\"design\":5}", "{\"design\":\"{\"}", "{\"design\":\"[]\"}"] {
            let a = analyse(9, bad);
            assert!(a.refused.is_some() && a.diagnostics.is_empty(), "{bad}");
            assert_eq!(Analysis::from_json(&a.to_json()), Some(a));
        }
        let huge = "[".repeat(100_000);
        assert!(analyse(1, &request(&huge, None)).refused.is_some());
        assert_eq!(Analysis::from_json("{\"analysis\":{}}"), None);
        assert_eq!(Analysis::from_json("{\"graded\":{}}"), None);
        assert_eq!(Analysis::from_json("nonsense"), None);
    }
}
