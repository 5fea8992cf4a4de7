//! HTTP plumbing shared by every app of a client: one reqwest pool, the configured
//! timeouts and reply cap, and the request a [`crate::Client`] or a token fetch sends.

use crate::app::AppCredentials;
use crate::config::Config;
use crate::endpoint::{Auth, DecodeResponse, Endpoint, EndpointMeta};
use crate::error::Error;
use crate::response::RawResponse;
use crate::wire::{build_url, reqwest_method, AuthParams, Query, RequestBody};

/// HTTP plumbing shared by every app of a client.
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    pub(crate) config: Config,
}

impl Transport {
    pub(crate) async fn execute(
        &self,
        meta: &'static EndpointMeta,
        auth: AuthParams<'_>,
        query: &Query,
        body: &RequestBody,
    ) -> Result<RawResponse, Error> {
        let url = build_url(meta, &self.config.base_urls, auth, query)?;
        let mut request = self.http.request(reqwest_method(meta.method), url);
        match body {
            RequestBody::Empty => {}
            RequestBody::Json(bytes) => {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(bytes.clone());
            }
            // A form without parts (an image endpoint given a URL) goes as no body.
            RequestBody::Multipart(form) if form.parts().is_empty() => {}
            RequestBody::Multipart(form) => {
                request = request.multipart(form.to_form().await?);
            }
        }
        let transport = |e: reqwest::Error| match crate::upload::find_reader_length(&e) {
            Some(length) => Error::Upload {
                endpoint: meta.name,
                source: length.clone(),
            },
            None => Error::Transport {
                endpoint: meta.name,
                // The URL may carry the access token or the AppSecret.
                source: e.without_url(),
            },
        };
        tracing::debug!(
            endpoint = meta.name,
            method = meta.method.as_str(),
            path = meta.path,
            "request"
        );
        let mut response = request.send().await.map_err(transport)?;
        let limit = self.config.max_reply_bytes;
        let too_large = |announced| Error::ReplyTooLarge {
            endpoint: meta.name,
            limit,
            announced,
        };
        let announced = response.content_length();
        if announced.is_some_and(|n| n > limit as u64) {
            return Err(too_large(announced));
        }
        let header = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let status = response.status().as_u16();
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let content_disposition = header(reqwest::header::CONTENT_DISPOSITION);
        let body = if announced.is_some() {
            // hyper stops at the announced length.
            response.bytes().await.map_err(transport)?
        } else {
            let mut body = bytes::BytesMut::new();
            while let Some(chunk) = response.chunk().await.map_err(transport)? {
                if body.len() + chunk.len() > limit {
                    return Err(too_large(None));
                }
                body.extend_from_slice(&chunk);
            }
            body.freeze()
        };
        Ok(RawResponse {
            status,
            content_type,
            content_disposition,
            body,
        })
    }

    /// Sends and decodes, resending on `-1` as the retry policy allows — except the
    /// exchange of a single-use code ([`Auth::AppCredentials`]), which is sent once.
    pub(crate) async fn call<E: Endpoint>(
        &self,
        auth: AuthParams<'_>,
        query: &Query,
        body: &RequestBody,
    ) -> Result<E::Response, Error> {
        let mut backoff = self.config.retry.busy_backoff;
        // A code exchange that reached WeChat used the code up: resending it can only
        // earn 40163, so `-1` there is returned as it is, whatever the policy says.
        let mut retries_left = if E::META.auth == Auth::AppCredentials {
            0
        } else {
            self.config.retry.busy_retries
        };
        // A reply that echoes the request's credentials without their names.
        let scrub = |e: Error| {
            let auth_secret = match auth {
                AuthParams::None | AuthParams::AppId(_) => None,
                AuthParams::Token(token) => Some(token),
                AuthParams::App { secret, .. } => Some(secret),
            };
            e.without_credentials(auth_secret.into_iter().chain(query.secret_values()))
        };
        loop {
            let raw = self.execute(E::META, auth, query, body).await?;
            match E::Response::decode(raw, E::META).map_err(scrub) {
                Err(Error::Api { code, .. }) if code.code() == -1 && retries_left > 0 => {
                    retries_left -= 1;
                    tracing::info!(endpoint = E::META.name, "system busy; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = self.config.retry.next_busy_backoff(backoff);
                }
                other => return other,
            }
        }
    }

    pub(crate) fn encode<E: Endpoint>(endpoint: &E) -> Result<(Query, RequestBody), Error> {
        endpoint.validate()?;
        let mut query = Query::default();
        endpoint.query(&mut query)?;
        Ok((query, endpoint.body()?))
    }

    /// Sends an endpoint that carries no app access token (the token endpoints themselves,
    /// code exchanges with app credentials, the OAuth refresh with the appid, endpoints
    /// that carry a user's token, the QR image exchange).
    pub(crate) async fn send_without_token<E: Endpoint>(
        &self,
        endpoint: &E,
        credentials: &AppCredentials,
    ) -> Result<E::Response, Error> {
        let (query, body) = Self::encode(endpoint)?;
        self.send_encoded_without_token::<E>(&query, &body, credentials)
            .await
    }

    pub(crate) async fn send_encoded_without_token<E: Endpoint>(
        &self,
        query: &Query,
        body: &RequestBody,
        credentials: &AppCredentials,
    ) -> Result<E::Response, Error> {
        let auth = match E::META.auth {
            Auth::AppCredentials => AuthParams::App {
                app_id: credentials.app_id(),
                secret: credentials.secret().expose(),
            },
            Auth::AppId => AuthParams::AppId(credentials.app_id()),
            Auth::None | Auth::UserToken | Auth::AccessToken => AuthParams::None,
        };
        // The AppSecret may also be in the body (`/cgi-bin/stable_token`).
        let result = self
            .call::<E>(auth, query, body)
            .await
            .map_err(|e| e.without_credentials([credentials.secret().expose()]));
        match result {
            // The user's token was rejected: only the user (a new authorization) or the
            // refresh token can fix that; the app's token has nothing to do with it.
            Err(Error::Api {
                endpoint,
                code,
                message,
                rid,
            }) if E::META.auth == Auth::UserToken && code.is_token_invalid() => {
                Err(Error::UserTokenInvalid {
                    endpoint,
                    code,
                    message,
                    rid,
                })
            }
            other => other,
        }
    }
}
