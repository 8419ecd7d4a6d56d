// A self-signed certificate for 127.0.0.1, made per run with the openssl CLI (Node has no API to make one),
// so the stand-in speaks HTTPS and clients verify it through the kubeconfig's certificate-authority-data.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir } from '../harness/paths';

export interface SelfSignedCert {
  cert: string;
  key: string;
}

export function makeSelfSignedCert(): SelfSignedCert {
  const dir = freshDir('k8s-cert');
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-subj',
        '/CN=stand-in-apiserver',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
