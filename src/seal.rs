//! Sealing private entries with age (docs/private.md): public keys as
//! members and `mastery.toml` write them, the armored age file a sealed
//! entry holds, and the identities that open one.
//!
//! A leaf: it knows age and text, nothing of records. What goes into a
//! seal (the entry's other keys as YAML) is the model's business.

use std::io::{Read as _, Write as _};

use age::armor::{ArmoredReader, ArmoredWriter, Format};

/// The first line of an armored age file.
pub const ARMOR_BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";

/// Largest sealed payload opened: an entry's keys, never a file.
const MAX_OPENED_BYTES: u64 = 256 * 1024;

/// A public key an entry can be sealed to.
#[derive(Clone)]
pub enum PublicKey {
    /// `age1…`, from `age-keygen`.
    X25519(age::x25519::Recipient),
    /// An OpenSSH `ssh-ed25519 …` line.
    SshEd25519(age::ssh::Recipient),
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PublicKey::X25519(_) => "PublicKey::X25519",
            PublicKey::SshEd25519(_) => "PublicKey::SshEd25519",
        })
    }
}

impl PublicKey {
    /// Read a key as written in `keys:` or `[private] recipients`; the
    /// error says what is wrong and what to write instead.
    pub fn parse(text: &str) -> Result<PublicKey, String> {
        let text = text.trim();
        if text.starts_with("ssh-rsa ") || text == "ssh-rsa" {
            return Err("RSA keys are not supported: seal to an `ssh-ed25519` key \
                        (`ssh-keygen -t ed25519`) or an age key (`age-keygen`)"
                .to_owned());
        }
        if text.starts_with("ssh-ed25519") {
            return match text.parse::<age::ssh::Recipient>() {
                Ok(key) => Ok(PublicKey::SshEd25519(key)),
                Err(_) => Err("not a valid `ssh-ed25519` public key (copy the whole line \
                               of the `.pub` file)"
                    .to_owned()),
            };
        }
        if text.starts_with("ssh-") || text.starts_with("ecdsa-") || text.starts_with("sk-") {
            let kind = text.split_whitespace().next().unwrap_or(text);
            return Err(format!(
                "`{kind}` keys are not supported: use an `ssh-ed25519` key or an age key (`age-keygen`)"
            ));
        }
        if looks_secret(text) {
            return Err(
                "this is a secret key: write its public key (`age-keygen -y FILE`) \
                        and keep the secret one out of the repository"
                    .to_owned(),
            );
        }
        text.parse::<age::x25519::Recipient>()
            .map(PublicKey::X25519)
            .map_err(|_| {
                "not a public key: write an age key (`age1…`, from `age-keygen`) or an \
                 `ssh-ed25519 …` line"
                    .to_owned()
            })
    }

    fn recipient(&self) -> &dyn age::Recipient {
        match self {
            PublicKey::X25519(key) => key,
            PublicKey::SshEd25519(key) => key,
        }
    }
}

/// Whether `text` looks like a secret key (an age identity or an OpenSSH
/// private key, in any case): never to be quoted.
pub fn looks_secret(text: &str) -> bool {
    crate::secret::holds(text) || text.to_ascii_uppercase().contains("SECRET-KEY")
}

/// `payload` sealed to every key, as an armored age file (ending in a
/// newline). The payload never leaves memory in clear.
pub fn seal(payload: &str, keys: &[PublicKey]) -> Result<String, SealError> {
    let recipients = keys.iter().map(PublicKey::recipient);
    let encryptor =
        age::Encryptor::with_recipients(recipients).map_err(|e| SealError(e.to_string()))?;
    let io = |e: std::io::Error| SealError(e.to_string());
    let armor = ArmoredWriter::wrap_output(Vec::new(), Format::AsciiArmor).map_err(io)?;
    let mut writer = encryptor.wrap_output(armor).map_err(io)?;
    writer.write_all(payload.as_bytes()).map_err(io)?;
    let armored = writer
        .finish()
        .and_then(ArmoredWriter::finish)
        .map_err(io)?;
    String::from_utf8(armored).map_err(|e| SealError(e.to_string()))
}

/// Sealing failed (no keys, or age refused them).
#[derive(Debug)]
pub struct SealError(String);

impl std::fmt::Display for SealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot seal: {}", self.0)
    }
}

impl std::error::Error for SealError {}

/// Why a sealed entry was not opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unopened {
    /// None of the identities is one of its readers.
    NotAReader,
    /// It is not an armored age file, or it was changed after sealing.
    Damaged,
}

/// The secret keys that open sealed entries, with where they came from.
#[derive(Default)]
pub struct Identities {
    keys: Vec<Box<dyn age::Identity + Send + Sync>>,
    /// The files (or `MASTERY_IDENTITY`) they were read from.
    pub sources: Vec<String>,
}

impl std::fmt::Debug for Identities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identities")
            .field("sources", &self.sources)
            .finish()
    }
}

impl Identities {
    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Add the identities written in `text` (the contents of an identity
    /// file); `name` says where it came from in errors.
    pub fn add_text(&mut self, text: &str, name: &str) -> anyhow::Result<()> {
        let passphrase = |what: &str| {
            anyhow::anyhow!(
                "the identity `{name}` is {what} protected by a passphrase, and mastery never \
                 prompts (it runs in CI): give an unencrypted identity with --identity, kept \
                 outside the repository"
            )
        };
        let trimmed = text.trim_start();
        if trimmed.starts_with(ARMOR_BEGIN) || trimmed.starts_with("age-encryption.org/") {
            return Err(passphrase("an age file"));
        }
        if trimmed.starts_with("-----BEGIN") {
            let identity = age::ssh::Identity::from_buffer(text.as_bytes(), Some(name.to_owned()))
                .map_err(|_| {
                    anyhow::anyhow!("the identity `{name}` is not a key mastery can read")
                })?;
            return match identity {
                age::ssh::Identity::Unencrypted(_)
                    if !matches!(
                        age::ssh::Recipient::try_from(identity.clone()),
                        Ok(age::ssh::Recipient::SshEd25519(..))
                    ) =>
                {
                    Err(anyhow::anyhow!(
                        "the identity `{name}` is an RSA key: RSA is not supported; use an ed25519 or age key"
                    ))
                }
                age::ssh::Identity::Unencrypted(_) => {
                    self.keys.push(Box::new(identity));
                    self.sources.push(name.to_owned());
                    Ok(())
                }
                age::ssh::Identity::Encrypted(_) => Err(passphrase("an OpenSSH key")),
                age::ssh::Identity::Unsupported(_) => Err(anyhow::anyhow!(
                    "the identity `{name}` is a kind of key mastery cannot use: use an ed25519 \
                     OpenSSH key or an age key"
                )),
            };
        }
        let mut found = 0;
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // The line itself is a secret: never in a message.
            let key = line.parse::<age::x25519::Identity>().map_err(|_| {
                let public = line.starts_with("age1") || line.starts_with("ssh-");
                anyhow::anyhow!(
                    "the identity `{name}` holds something other than an age secret key on line {}{}",
                    number + 1,
                    if public {
                        " (a public key: give the secret key it belongs to)"
                    } else {
                        ""
                    }
                )
            })?;
            self.keys.push(Box::new(key));
            found += 1;
        }
        if found == 0 {
            anyhow::bail!("the identity `{name}` holds no key");
        }
        self.sources.push(name.to_owned());
        Ok(())
    }

    /// Open an armored age file: its payload as text.
    pub fn open(&self, armored: &str) -> Result<String, Unopened> {
        let reader = ArmoredReader::new(armored.trim_start().as_bytes());
        let decryptor = age::Decryptor::new_buffered(reader).map_err(|_| Unopened::Damaged)?;
        if decryptor.is_scrypt() {
            return Err(Unopened::NotAReader);
        }
        let identities = self.keys.iter().map(|k| &**k as &dyn age::Identity);
        let reader = decryptor.decrypt(identities).map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => Unopened::NotAReader,
            _ => Unopened::Damaged,
        })?;
        let mut payload = Vec::new();
        reader
            .take(MAX_OPENED_BYTES)
            .read_to_end(&mut payload)
            .map_err(|_| Unopened::Damaged)?;
        String::from_utf8(payload).map_err(|_| Unopened::Damaged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SSH_ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ58BySZARYNbIT4ZoPBLwd59zmmsBBeDpIeEIYBByV8 dana@laptop";

    fn pair() -> (Identities, PublicKey) {
        let secret = age::x25519::Identity::generate();
        let public = PublicKey::parse(&secret.to_public().to_string()).unwrap();
        let mut identities = Identities::default();
        use age::secrecy::ExposeSecret;
        identities
            .add_text(secret.to_string().expose_secret(), "test")
            .unwrap();
        (identities, public)
    }

    #[test]
    fn a_reader_opens_what_is_sealed_and_no_one_else() {
        let (alice, alice_key) = pair();
        let (bob, bob_key) = pair();
        let (carol, _) = pair();
        let sealed = seal("note: Well done\n", &[alice_key, bob_key]).unwrap();
        assert!(sealed.starts_with(ARMOR_BEGIN), "{sealed}");
        assert!(!sealed.contains("Well done"));
        assert_eq!(alice.open(&sealed).unwrap(), "note: Well done\n");
        assert_eq!(bob.open(&sealed).unwrap(), "note: Well done\n");
        assert_eq!(carol.open(&sealed), Err(Unopened::NotAReader));
        let damaged = sealed.replacen("A", "B", 3);
        assert!(alice.open(&damaged).is_err());
        assert_eq!(alice.open("not age"), Err(Unopened::Damaged));
    }

    #[test]
    fn keys_are_read_or_refused_with_a_reason() {
        assert!(matches!(
            PublicKey::parse(SSH_ED25519),
            Ok(PublicKey::SshEd25519(_))
        ));
        let rsa = PublicKey::parse("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ bob@host").unwrap_err();
        assert!(rsa.contains("RSA keys are not supported"), "{rsa}");
        let ecdsa = PublicKey::parse("ecdsa-sha2-nistp256 AAAAE2VjZHNh x").unwrap_err();
        assert!(ecdsa.contains("not supported"), "{ecdsa}");
        let secret = PublicKey::parse("AGE-SECRET-KEY-1QQQ").unwrap_err();
        assert!(secret.contains("secret key"), "{secret}");
        assert!(PublicKey::parse("age1nope").is_err());
    }

    #[test]
    fn identities_refuse_what_would_need_a_prompt() {
        let mut identities = Identities::default();
        let armored = format!("{ARMOR_BEGIN}\nYWdl\n-----END AGE ENCRYPTED FILE-----\n");
        let error = identities
            .add_text(&armored, "id.age")
            .unwrap_err()
            .to_string();
        assert!(error.contains("passphrase"), "{error}");
        let error = identities
            .add_text("AGE-SECRET-KEY-1SECRETSECRET\n", "id.txt")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("line 1") && !error.contains("SECRETSECRET"),
            "{error}"
        );
        assert!(identities.add_text("# only a comment\n", "id.txt").is_err());
        assert!(identities.is_empty());
    }
}
