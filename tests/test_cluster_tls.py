"""Issue 20: an authenticated cluster. A local TLS cluster made with `coursekit cluster-certs`
grades a class; a client without certificates, or with another CA's, is refused; a plain
tcp:// scheduler on another machine is refused without --insecure."""
import logging
import stat
import warnings

import pytest

pytest.importorskip("distributed")
pytest.importorskip("cryptography")

from conftest import PILOT, write_notebook  # noqa: E402

from coursekit.backends.cluster_certs import security  # noqa: E402
from coursekit.backends.dask_client import DaskBackend, check_address, dask_client  # noqa: E402
from coursekit.cli import main  # noqa: E402
from coursekit.course.build import reference_and_template  # noqa: E402
from coursekit.errors import ClusterError  # noqa: E402
from coursekit.grading.pipeline import grade_class  # noqa: E402


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    directory = tmp_path_factory.mktemp("certs") / "cluster"
    assert main(["cluster-certs", str(directory)]) == 0
    return directory


@pytest.fixture(scope="module")
def tls_cluster(certs):
    """A scheduler and one worker process on 127.0.0.1, TLS only, with the scheduler's and the
    worker's certificates from `coursekit cluster-certs`."""
    from distributed import LocalCluster
    from distributed.security import Security
    sec = Security(require_encryption=True, tls_ca_file=str(certs / "ca.pem"),
                   tls_scheduler_cert=str(certs / "scheduler.pem"), tls_scheduler_key=str(certs / "scheduler-key.pem"),
                   tls_worker_cert=str(certs / "worker.pem"), tls_worker_key=str(certs / "worker-key.pem"),
                   tls_client_cert=str(certs / "client.pem"), tls_client_key=str(certs / "client-key.pem"))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, protocol="tls://", host="127.0.0.1",
                      security=sec, dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        yield cluster


def test_cluster_certs_writes_a_ca_and_private_keys(certs, capsys):
    names = sorted(p.name for p in certs.iterdir())
    assert names == sorted(["ca.pem", "ca-key.pem"] + [f"{r}{s}" for r in ("scheduler", "worker", "client")
                                                       for s in (".pem", "-key.pem")])
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in certs.glob("*-key.pem"))
    assert main(["cluster-certs", str(certs)]) == 2, "an existing CA is never overwritten"
    assert "exists already" in capsys.readouterr().err


def test_grading_over_tls_with_the_certificates(course, certs, tls_cluster, tmp_path):
    address = tls_cluster.scheduler_address
    assert address.startswith("tls://")
    reference, template = reference_and_template(course, PILOT)
    write_notebook(tmp_path / "subs" / "ada" / f"{PILOT}.ipynb", reference)
    write_notebook(tmp_path / "subs" / "bo" / f"{PILOT}.ipynb", template)
    run = grade_class(course, tmp_path / "subs", output=tmp_path / "out", cluster=address, certs=certs)
    scores = {nb.student: nb.final_score for nb in run.graded}
    assert scores == {"ada": course.assignment(PILOT).points, "bo": 0}


def test_a_client_without_certificates_is_refused(certs, tls_cluster):
    """The scheduler refuses a TLS client that trusts its CA but has no certificate of its own,
    and a plain-TCP client; coursekit says what to pass."""
    import socket
    import ssl

    from distributed import Client
    host, port = tls_cluster.scheduler_address[len("tls://"):].rsplit(":", 1)

    def connect(context) -> str:
        """"refused" when the scheduler ends the TLS connection, "open" when it keeps it."""
        context.check_hostname = False
        with socket.create_connection((host, int(port)), timeout=3) as raw:
            try:
                with context.wrap_socket(raw) as tls:
                    tls.sendall(b"\0" * 8)  # a first read makes TLS 1.3 report the missing certificate
                    return "refused" if tls.recv(1) == b"" else "open"
            except TimeoutError:
                return "open"   # still connected, waiting for more of a Dask message
            except (ssl.SSLError, ConnectionError):
                return "refused"
    trusting = ssl.create_default_context(cafile=str(certs / "ca.pem"))  # trusts the CA, has no certificate
    assert connect(trusting) == "refused"
    with_cert = ssl.create_default_context(cafile=str(certs / "ca.pem"))
    with_cert.load_cert_chain(str(certs / "client.pem"), str(certs / "client-key.pem"))
    assert connect(with_cert) == "open", "the same connection with the client's certificate is accepted"
    with pytest.raises(OSError):  # distributed's TimeoutError and CommClosedError are OSErrors
        Client(tls_cluster.scheduler_address.replace("tls://", "tcp://"), timeout=5)
    with pytest.raises(ClusterError, match="cannot connect.*--certs"):
        with dask_client(tls_cluster.scheduler_address, timeout=5):
            pass


def test_a_client_with_another_cas_certificates_is_refused(tls_cluster, tmp_path):
    from distributed import Client
    other = tmp_path / "other"
    assert main(["cluster-certs", str(other)]) == 0
    with pytest.raises(OSError):
        Client(tls_cluster.scheduler_address, timeout=5, security=security(other, "client"))


def test_plain_tcp_off_this_machine_needs_insecure(course, tmp_path, capsys):
    for address in ("tcp://127.0.0.1:8786", "tcp://localhost:8786", "local:2", "tls://10.0.0.5:8786"):
        check_address(address)
    for address in ("tcp://10.0.0.5:8786", "10.0.0.5:8786", "tcp://grader.example.org:8786"):
        with pytest.raises(ClusterError, match="not authenticated.*cluster-certs.*--insecure"):
            check_address(address)
        check_address(address, insecure=True)
    (tmp_path / "subs").mkdir()
    code = main(["--course", str(course.root), "grade", str(tmp_path / "subs"), "--cluster", "tcp://10.0.0.5:8786",
                 "--output", str(tmp_path / "out")])
    assert code == 2 and "refused" in capsys.readouterr().err


def test_local_cluster_comms_are_tls():
    with dask_client("local:1") as client:
        assert client.scheduler.address.startswith("tls://")
    assert DaskBackend("local:1").certs is None


def test_two_local_clusters_at_once_share_no_port():
    """Two TAs grading with --cluster local:N on one machine: no "Port 8787 is already in use"
    warning, and the scheduler's HTTP server (there is no dashboard) listens on loopback only."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with dask_client("local:1") as first, dask_client("local:1") as second:
            ports = [client.scheduler_info()["services"].get("dashboard") for client in (first, second)]
    assert not [w for w in caught if "already in use" in str(w.message)], [str(w.message) for w in caught]
    assert 8787 not in ports and ports[0] != ports[1], ports
