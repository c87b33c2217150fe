"""``coursekit cluster-certs DIR``: a CA and the TLS certificates of a Dask cluster.

Dask's TLS (``tls://``) is mutual: the scheduler, each worker and the client each present a
certificate signed by the cluster's CA and accept only peers that do, so whoever reaches the
scheduler without a certificate cannot submit work (which would run as the grader, next to the
hidden tests). DIR gets ``ca.pem`` and ``ca-key.pem`` (keep the key to yourself: it makes new
certificates), and ``ROLE.pem`` / ``ROLE-key.pem`` for the scheduler, the workers and the
client; keys are written mode 0600. Dask does not check host names, only the CA's signature.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..errors import ClusterError

ROLES = ("scheduler", "worker", "client")


def _crypto():
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        raise ClusterError("making certificates needs the `cryptography` package: install coursekit's "
                           "`cluster` extra (pip install 'coursekit[cluster]')") from None
    return x509, hashes, serialization, ec, NameOID


def _write(path: Path, data: bytes, private: bool) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def make_cluster_certs(directory: Path, days: int = 365) -> list[Path]:
    """Write the CA and a certificate and key per role into ``directory``; the files written.
    Refuses to overwrite an existing CA (its certificates would stop working)."""
    x509, hashes, serialization, ec, NameOID = _crypto()
    directory = Path(directory)
    if (directory / "ca.pem").exists():
        raise ClusterError(f"{directory / 'ca.pem'} exists already: use another directory, or remove the old "
                           "certificates first")
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    until = now + dt.timedelta(days=days)

    def pem_key(key) -> bytes:
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "coursekit cluster CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(until)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    written = [directory / "ca.pem", directory / "ca-key.pem"]
    _write(written[0], ca.public_bytes(serialization.Encoding.PEM), private=False)
    _write(written[1], pem_key(ca_key), private=True)
    usage = [x509.oid.ExtendedKeyUsageOID.SERVER_AUTH, x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]
    for role in ROLES:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"coursekit dask {role}")]))
                .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now).not_valid_after(until)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage(usage), critical=False)
                .sign(ca_key, hashes.SHA256()))
        _write(directory / f"{role}.pem", cert.public_bytes(serialization.Encoding.PEM), private=False)
        _write(directory / f"{role}-key.pem", pem_key(key), private=True)
        written += [directory / f"{role}.pem", directory / f"{role}-key.pem"]
    return written


def security(directory: Path, role: str = "client"):
    """A ``distributed.Security`` for ``role`` from a ``cluster-certs`` directory (encryption and
    the CA's signature required)."""
    from distributed.security import Security
    directory = Path(directory)
    files = {"ca": directory / "ca.pem", "cert": directory / f"{role}.pem", "key": directory / f"{role}-key.pem"}
    absent = [str(p) for p in files.values() if not p.is_file()]
    if absent:
        raise ClusterError(f"--certs {directory}: missing {', '.join(absent)} (make them with "
                           "`coursekit cluster-certs DIR`)")
    return Security(require_encryption=True, tls_ca_file=str(files["ca"]),
                    **{f"tls_{role}_cert": str(files["cert"]), f"tls_{role}_key": str(files["key"])})


def usage(directory: Path) -> str:
    """What to run on each machine with these certificates."""
    d = Path(directory).resolve()
    tls = lambda role: f"--tls-ca-file {d}/ca.pem --tls-cert {d}/{role}.pem --tls-key {d}/{role}-key.pem"  # noqa: E731
    return (f"cluster-certs: wrote {d}/ca.pem and a certificate and key for "
            f"{', '.join(ROLES)} (keys mode 0600; keep ca-key.pem private)\n"
            f"  scheduler: dask scheduler --protocol tls --port 8786 {tls('scheduler')}\n"
            f"  workers:   dask worker tls://SCHEDULER:8786 --nthreads 1 {tls('worker')}\n"
            f"  grading:   coursekit grade SUBMISSIONS --cluster tls://SCHEDULER:8786 --certs {d}")
