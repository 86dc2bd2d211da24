//! The Language Server Protocol's framing: `Content-Length` headers, then
//! a JSON-RPC message. Read here rather than by `lsp-server`'s reader,
//! which gives up on the first message that is not JSON: the protocol
//! answers that with a parse error (-32700) and goes on.

use std::io::{BufRead, Write};

use lsp_server::{ErrorCode, Message};

/// The largest message read (a record file is a few KB; a whole team's
/// `didChangeWatchedFiles` a few MB).
const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// The longest header line read (`Content-Length: 123`, `Content-Type:
/// …`): a line that goes on past it frames nothing and is not held.
const MAX_HEADER: u64 = 4096;

/// What came in.
#[derive(Debug)]
pub enum Incoming {
    /// A request, a response or a notification.
    Message(Message),
    /// A framed message whose body is not a JSON-RPC message: the error
    /// code to answer with (not JSON, or JSON of another shape), and why.
    Invalid(lsp_server::ErrorCode, String),
    /// The client closed its end.
    End,
}

/// Read the next message. Fails only when the stream itself does (a read
/// error, headers that frame nothing).
pub fn read(input: &mut dyn BufRead) -> std::io::Result<Incoming> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if std::io::Read::take(&mut *input, MAX_HEADER).read_line(&mut line)? == 0 {
            return Ok(Incoming::End);
        }
        if !line.ends_with('\n') && line.len() as u64 >= MAX_HEADER {
            return Err(invalid(format!(
                "a header line longer than {MAX_HEADER} bytes"
            )));
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            continue; // blank lines between messages
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
            if length.is_none_or(|n| n > MAX_MESSAGE) {
                return Err(invalid(format!("bad header `{header}`")));
            }
        }
    }
    let mut body = vec![0; length.unwrap_or_default()];
    if input.read_exact(&mut body).is_err() {
        return Ok(Incoming::End);
    }
    let json = match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(json) => json,
        Err(error) => return Ok(Incoming::Invalid(ErrorCode::ParseError, error.to_string())),
    };
    Ok(match serde_json::from_value::<Message>(json) {
        Ok(message) => Incoming::Message(message),
        Err(_) => Incoming::Invalid(
            ErrorCode::InvalidRequest,
            "not a request, response or notification".into(),
        ),
    })
}

/// Write one message, framed.
pub fn write(output: &mut dyn Write, message: &serde_json::Value) -> std::io::Result<()> {
    let mut body = serde_json::to_vec(message)?;
    if crate::secret::holds(&String::from_utf8_lossy(&body)) {
        let mut message = message.clone();
        redact(&mut message);
        body = serde_json::to_vec(&message)?;
    }
    write!(output, "Content-Length: {}\r\n\r\n", body.len())?;
    output.write_all(&body)?;
    output.flush()
}

/// Every string of `value` with its secret keys hidden (a completion's
/// documentation, a hover, a finding can quote a record's text).
fn redact(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            if let std::borrow::Cow::Owned(hidden) = crate::secret::redact(text) {
                *text = hidden;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        Value::Object(entries) => entries.values_mut().for_each(redact),
        _ => {}
    }
}

fn invalid(why: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_body_that_is_not_json_is_told_apart_and_the_next_one_read() {
        let stream = framed("{not json") + &framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut input = std::io::Cursor::new(stream);
        assert!(matches!(
            read(&mut input).unwrap(),
            Incoming::Invalid(ErrorCode::ParseError, _)
        ));
        match read(&mut input).unwrap() {
            Incoming::Message(Message::Notification(n)) => assert_eq!(n.method, "exit"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(read(&mut input).unwrap(), Incoming::End));
    }

    #[test]
    fn a_stream_cut_short_is_the_end_and_a_bad_length_an_error() {
        let mut cut = std::io::Cursor::new("Content-Length: 50\r\n\r\n{\"jsonrpc\"");
        assert!(matches!(read(&mut cut).unwrap(), Incoming::End));
        let mut bad = std::io::Cursor::new("Content-Length: lots\r\n\r\n{}");
        assert!(read(&mut bad).is_err());
    }

    /// No secret key goes out to the editor, whatever quotes one.
    #[test]
    fn written_messages_hold_no_secret_key() {
        let key = "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSKCNTGW";
        let message = serde_json::json!({"result": {"documentation": format!("Staff {key}"), "items": [key]}});
        let mut out = Vec::new();
        write(&mut out, &message).unwrap();
        let text = String::from_utf8(out).unwrap();
        let (header, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        assert!(
            !text.contains("QYQSZQGP") && text.contains("[secret key hidden]"),
            "{text}"
        );
        let _: serde_json::Value = serde_json::from_str(body).unwrap();
    }

    /// A header line that never ends is refused after a few kilobytes,
    /// never held whole.
    #[test]
    fn an_endless_header_line_is_refused_without_holding_it() {
        struct Endless(usize);
        impl std::io::Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                self.0 += buf.len();
                buf.fill(b'x');
                Ok(buf.len())
            }
        }
        let mut input = std::io::BufReader::new(Endless(0));
        let error = read(&mut input).unwrap_err();
        assert!(
            error.to_string().contains("longer than 4096 bytes"),
            "{error}"
        );
        assert!(
            input.get_ref().0 <= 16 * 1024,
            "read {} bytes",
            input.get_ref().0
        );
    }
}
