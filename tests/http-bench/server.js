// Node counterpart of tests/benches/http.rs: the `wechat` middleware (node-webot/wechat,
// the most used Node push library) on express, in safe mode (encrypted pushes, encrypted
// replies). Replies to a text message with the text "got <Content>".
// Configuration from the environment: WX_TOKEN, WX_AES_KEY, WX_APP_ID. Listens on an
// ephemeral loopback port and prints "LISTENING <port>" once ready.
'use strict';
const express = require('express');
const wechat = require('wechat');

const config = {
  token: process.env.WX_TOKEN,
  encodingAESKey: process.env.WX_AES_KEY,
  appid: process.env.WX_APP_ID,
};
const app = express();
app.use('/wx', wechat(config, function (req, res) {
  const message = req.weixin;
  if (message.MsgType === 'text') {
    res.reply('got ' + message.Content);
  } else {
    res.reply('');
  }
}));
const server = app.listen(0, '127.0.0.1', function () {
  process.stdout.write('LISTENING ' + server.address().port + '\n');
});
// The load generator keeps its connections open for the whole run.
server.keepAliveTimeout = 120000;
server.headersTimeout = 121000;
